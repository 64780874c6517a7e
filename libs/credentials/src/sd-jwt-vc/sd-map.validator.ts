import { ValidationIssue } from '../shared/credential-error';
import { hasOwn, isPlainObject, UNSAFE_KEYS } from '../shared/json-object.util';
import { SD_JWT_STRUCTURAL_KEYS, SD_JWT_VC_RESERVED_CLAIMS } from './reserved-claims.constants';
import { DECOY_MODES, DecoyMode, MAX_DECOYS, SdField, SdMap } from './sd-map.types';

export type SdMapValidationResult = { valid: true; map: SdMap } | { valid: false; errors: ValidationIssue[] };

// Deep enough for any real credential, shallow enough that hostile input cannot exhaust the stack.
const MAX_DEPTH = 32;
const MAP_MEMBERS = new Set(['fields', 'decoyMode', 'decoys']);
const FIELD_MEMBERS = new Set(['sd', 'children']);

const join = (base: string, key: string): string => (base ? `${base}.${key}` : key);

/**
 * Tells a full SdMap (`{fields: {...}}`) from a bare fields map. A bare map may itself contain a claim
 * named `fields`, but then that member is an SdField and carries a boolean `sd`.
 */
export function isFullSdMap(children: SdMap | Record<string, SdField>): children is SdMap {
  if (!hasOwn(children, 'fields')) return false;
  const fields = (children as Record<string, unknown>)['fields'];
  return isPlainObject(fields) && typeof fields['sd'] !== 'boolean';
}

/**
 * Validates a selective disclosure map (API.md §10) and returns a normalised copy in which every
 * `children` is a full SdMap. Unknown members are refused rather than ignored: walt.id issue #1130 was
 * an SD configuration that silently had no effect. Reserved SD-JWT VC claims may not be `sd: true`.
 */
export function validateSdMap(map: unknown): SdMapValidationResult {
  const errors: ValidationIssue[] = [];
  const normalised = validateMapAt(map, '', 0, false, errors);
  return errors.length === 0 && normalised ? { valid: true, map: normalised } : { valid: false, errors };
}

function validateMapAt(value: unknown, path: string, depth: number, insideReserved: boolean, errors: ValidationIssue[]): SdMap | undefined {
  if (!isPlainObject(value)) {
    errors.push({ path: path || '/', message: 'must be an object with a "fields" member' });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!MAP_MEMBERS.has(key)) errors.push({ path: join(path, key), message: 'unknown member' });
  }
  const result: SdMap = { fields: {} };
  if (value['decoyMode'] !== undefined) {
    if (!DECOY_MODES.includes(value['decoyMode'] as DecoyMode)) {
      errors.push({ path: join(path, 'decoyMode'), message: `must be one of ${DECOY_MODES.join(', ')}` });
    } else result.decoyMode = value['decoyMode'] as DecoyMode;
  }
  if (value['decoys'] !== undefined) {
    const decoys = value['decoys'];
    if (typeof decoys !== 'number' || !Number.isInteger(decoys) || decoys < 0 || decoys > MAX_DECOYS) {
      errors.push({ path: join(path, 'decoys'), message: `must be an integer between 0 and ${MAX_DECOYS}` });
    } else result.decoys = decoys;
  }
  if (!hasOwn(value, 'fields')) {
    errors.push({ path: join(path, 'fields'), message: 'is required' });
    return undefined;
  }
  result.fields = validateFields(value['fields'], join(path, 'fields'), depth, insideReserved, errors);
  return result;
}

function validateFields(
  value: unknown,
  path: string,
  depth: number,
  insideReserved: boolean,
  errors: ValidationIssue[],
): Record<string, SdField> {
  const fields: Record<string, SdField> = {};
  if (!isPlainObject(value)) {
    errors.push({ path, message: 'must be an object mapping claim names to {"sd": boolean}' });
    return fields;
  }
  if (depth >= MAX_DEPTH) {
    errors.push({ path, message: `nesting deeper than ${MAX_DEPTH} levels` });
    return fields;
  }
  for (const [name, field] of Object.entries(value)) {
    const fieldPath = join(path, name);
    if (UNSAFE_KEYS.has(name)) {
      errors.push({ path: fieldPath, message: 'claim name is not allowed' });
      continue;
    }
    // Top-level reserved claims, SD-JWT structural names anywhere, and everything below a reserved claim.
    const reserved = insideReserved || SD_JWT_STRUCTURAL_KEYS.includes(name) || (depth === 0 && SD_JWT_VC_RESERVED_CLAIMS.includes(name));
    const normalised = validateField(field, fieldPath, depth, reserved, errors);
    if (normalised) fields[name] = normalised;
  }
  return fields;
}

function validateField(value: unknown, path: string, depth: number, reserved: boolean, errors: ValidationIssue[]): SdField | undefined {
  if (!isPlainObject(value)) {
    errors.push({ path, message: 'must be an object like {"sd": true}' });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!FIELD_MEMBERS.has(key)) errors.push({ path: join(path, key), message: 'unknown member' });
  }
  const sd = value['sd'];
  if (typeof sd !== 'boolean') {
    errors.push({ path: join(path, 'sd'), message: 'must be a boolean' });
    return undefined;
  }
  if (sd && reserved) {
    errors.push({
      path: join(path, 'sd'),
      message: 'claim is reserved by SD-JWT VC and can never be selectively disclosable',
    });
  }
  const field: SdField = { sd };
  const children = value['children'];
  if (children !== undefined) {
    const childPath = join(path, 'children');
    if (!isPlainObject(children)) {
      errors.push({ path: childPath, message: 'must be an object' });
    } else if (isFullSdMap(children as Record<string, SdField>)) {
      field.children = validateMapAt(children, childPath, depth + 1, reserved, errors);
    } else {
      field.children = { fields: validateFields(children, childPath, depth + 1, reserved, errors) };
    }
  }
  return field;
}
