import type { ValidationIssue } from '../shared/credential-error';
import { parseJsonPath, readPath, writePath, type JsonPath } from './json-path';

/** `idTokenClaimsMapping`: JSONPath in the login claims → JSONPath in `credentialData` (walt.id's shape). */
export type ClaimsMapping = Record<string, string>;

interface ParsedEntry {
  source: string;
  from: JsonPath;
  to: JsonPath;
}

function parseEntries(mapping: ClaimsMapping): { entries: ParsedEntry[]; errors: ValidationIssue[] } {
  const entries: ParsedEntry[] = [];
  const errors: ValidationIssue[] = [];
  for (const [source, destination] of Object.entries(mapping)) {
    const from = parseJsonPath(source);
    const to = parseJsonPath(destination);
    if (!from.valid) errors.push({ path: source, message: `source ${from.message}` });
    if (!to.valid) errors.push({ path: source, message: `destination ${to.message}` });
    if (from.valid && to.valid) entries.push({ source, from: from.names, to: to.names });
  }
  return { entries, errors };
}

/**
 * Checks a mapping when a profile or offer is saved: every path is in the supported JSONPath subset and every
 * destination already exists in `credentialData` (so the credential's shape, and its selective disclosure
 * map, are known before any login). Issues are keyed by the mapping's source path.
 */
export function validateClaimsMapping(mapping: ClaimsMapping, credentialData: Record<string, unknown>): ValidationIssue[] {
  const { entries, errors } = parseEntries(mapping);
  for (const entry of entries) {
    if (!readPath(credentialData, entry.to).found)
      errors.push({ path: entry.source, message: `destination ${mapping[entry.source]} does not exist in credentialData` });
  }
  return errors;
}

/**
 * Copies the login claims into a copy of `credentialData` (before data functions run). A source missing from
 * the claims fails the whole mapping (the session then ends UNSUCCESSFUL with access_denied): a credential
 * with the profile's placeholder where the subject's value belongs must never be issued.
 */
export function applyClaimsMapping(
  mapping: ClaimsMapping,
  claims: Record<string, unknown>,
  credentialData: Record<string, unknown>,
): { ok: true; credentialData: Record<string, unknown> } | { ok: false; missing: string[] } {
  const { entries } = parseEntries(mapping);
  const result = structuredClone(credentialData);
  const missing: string[] = [];
  for (const entry of entries) {
    const source = readPath(claims, entry.from);
    if (!source.found || source.value === undefined) missing.push(entry.source);
    else if (!writePath(result, entry.to, structuredClone(source.value))) missing.push(mapping[entry.source]);
  }
  return missing.length ? { ok: false, missing } : { ok: true, credentialData: result };
}
