import { CredentialErrorCode, ValidationIssue } from '../shared/credential-error';
import { isPlainObject, UNSAFE_KEYS } from '../shared/json-object.util';
import { checkCall } from './data-function.catalog';
import type { DataFunctionCall } from './data-function.types';
import { parseTemplate } from './mapping-template.parser';

export type MappingValidationResult = { valid: true } | { valid: false; errors: ValidationIssue[] };

/** A mapping problem with the code applyMapping throws for it. */
export interface MappingIssue extends ValidationIssue {
  code: CredentialErrorCode;
}

/** Top-level keys with this prefix set JWT claims instead of credential data (waltid-issuer2-model.md §8). */
export const JWT_CLAIM_PREFIX = 'jwt:';
const MAX_DEPTH = 32;

/** Path of a member: `a.b` for object members, `a[0]` for array elements. */
export const memberPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/**
 * Validates a profile or offer `mapping` (API.md §10) without running anything, so unknown functions,
 * bad durations, non-http(s) webhook URLs and dangling `<last:fn>` are refused at configuration time (400).
 */
export function validateMapping(mapping: unknown): MappingValidationResult {
  const issues = collectMappingIssues(mapping);
  return issues.length === 0 ? { valid: true } : { valid: false, errors: issues.map(({ path, message }) => ({ path, message })) };
}

/** Walks the mapping in evaluation order (object key order, then array index order), collecting issues. */
export function collectMappingIssues(mapping: unknown): MappingIssue[] {
  const issues: MappingIssue[] = [];
  if (!isPlainObject(mapping)) {
    return [{ path: '/', message: 'mapping must be an object', code: 'MAPPING_INVALID' }];
  }
  const called = new Set<string>();
  const lastCalls: { path: string; call: DataFunctionCall }[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (UNSAFE_KEYS.has(key)) {
      issues.push({ path: key, message: 'forbidden key', code: 'MAPPING_INVALID' });
      continue;
    }
    if (key.startsWith(JWT_CLAIM_PREFIX) && key.length === JWT_CLAIM_PREFIX.length) {
      issues.push({ path: key, message: 'jwt: prefix needs a claim name', code: 'MAPPING_INVALID' });
    }
    walk(value, key, 1, { called, lastCalls }, issues);
  }
  // `<last:fn>` is checked against every call of the mapping, not only earlier ones: stored mappings
  // (PostgreSQL jsonb) do not keep key order, so "earlier" would depend on key lengths.
  for (const { path, call } of lastCalls) {
    const issue = checkCall(call, called);
    if (issue) issues.push({ path, ...issue });
  }
  return issues;
}

interface CallsSeen {
  called: Set<string>;
  lastCalls: { path: string; call: DataFunctionCall }[];
}

function walk(value: unknown, path: string, depth: number, seen: CallsSeen, issues: MappingIssue[]): void {
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: `nesting deeper than ${MAX_DEPTH} levels`, code: 'MAPPING_INVALID' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((element, index) => walk(element, memberPath(path, index), depth + 1, seen, issues));
  } else if (isPlainObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      const memberAt = memberPath(path, key);
      if (UNSAFE_KEYS.has(key)) issues.push({ path: memberAt, message: 'forbidden key', code: 'MAPPING_INVALID' });
      else walk(member, memberAt, depth + 1, seen, issues);
    }
  } else {
    const call = parseTemplate(value);
    if (!call) return;
    if (call.name === 'last') {
      seen.lastCalls.push({ path, call });
      return;
    }
    const issue = checkCall(call, seen.called);
    if (issue) issues.push({ path, ...issue });
    else seen.called.add(call.name);
  }
}
