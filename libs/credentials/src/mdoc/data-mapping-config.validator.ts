import { ValidationIssue } from '../shared/credential-error';
import { hasOwn, isPlainObject, UNSAFE_KEYS } from '../shared/json-object.util';
import { MDOC_CONVERSION_TYPES, MDOC_ENTRY_TYPES, MdocEntryConfig, MdocNameSpacesDataMappingConfig } from './data-mapping-config.types';

export type MdocDataMappingConfigValidationResult =
  { valid: true; config: MdocNameSpacesDataMappingConfig } | { valid: false; errors: ValidationIssue[] };

// Real configs nest two or three levels (driving_privileges → object → dates); this only bounds hostile input.
const MAX_DEPTH = 16;
const MEMBERS: Record<string, readonly string[]> = {
  string: ['type', 'conversionType'],
  integer: ['type'],
  number: ['type'],
  boolean: ['type'],
  object: ['type', 'entriesConfigMap'],
  array: ['type', 'arrayConfig'],
};

/** Paths put dotted namespaces in brackets (`['org.iso.18013.5.1'].entriesConfigMap.portrait`), like walt.id. */
const nsPath = (ns: string): string => `['${ns}']`;

/**
 * Validates an `mDocNameSpacesDataMappingConfig` at profile creation (waltid-issuer2-model.md §11), so an unknown
 * `conversionType` or entry `type` is a 400 naming the field instead of a failed issuance later. Unknown members
 * are refused rather than ignored: a misspelt `conversionTyp` would otherwise silently ship a string as a date.
 */
export function validateMdocDataMappingConfig(config: unknown): MdocDataMappingConfigValidationResult {
  const errors: ValidationIssue[] = [];
  if (!isPlainObject(config)) {
    return { valid: false, errors: [{ path: '/', message: 'must be an object of namespace → { entriesConfigMap }' }] };
  }
  for (const [ns, nsConfig] of Object.entries(config)) {
    if (ns === '' || UNSAFE_KEYS.has(ns)) {
      errors.push({ path: nsPath(ns), message: 'is not a valid namespace' });
      continue;
    }
    if (!isPlainObject(nsConfig) || !hasOwn(nsConfig, 'entriesConfigMap')) {
      errors.push({ path: nsPath(ns), message: 'must be an object with an "entriesConfigMap" member' });
      continue;
    }
    for (const key of Object.keys(nsConfig)) {
      if (key !== 'entriesConfigMap') errors.push({ path: `${nsPath(ns)}.${key}`, message: 'is not a known member' });
    }
    checkEntries(nsConfig['entriesConfigMap'], `${nsPath(ns)}.entriesConfigMap`, 0, errors);
  }
  return errors.length === 0 ? { valid: true, config: config as MdocNameSpacesDataMappingConfig } : { valid: false, errors };
}

function checkEntries(value: unknown, path: string, depth: number, errors: ValidationIssue[]): void {
  if (!isPlainObject(value)) {
    errors.push({ path, message: 'must be an object of element identifier → entry config' });
    return;
  }
  for (const [element, entry] of Object.entries(value)) {
    if (element === '' || UNSAFE_KEYS.has(element))
      errors.push({ path: `${path}.${element}`, message: 'is not a valid element identifier' });
    else checkEntry(entry, `${path}.${element}`, depth + 1, errors);
  }
}

function checkEntry(value: unknown, path: string, depth: number, errors: ValidationIssue[]): void {
  if (depth > MAX_DEPTH) {
    errors.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (!isPlainObject(value)) {
    errors.push({ path, message: 'must be an entry config object with a "type"' });
    return;
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(MDOC_ENTRY_TYPES as readonly string[]).includes(type)) {
    errors.push({ path: `${path}.type`, message: `must be one of ${MDOC_ENTRY_TYPES.join(', ')}` });
    return;
  }
  for (const key of Object.keys(value)) {
    if (!MEMBERS[type]!.includes(key)) errors.push({ path: `${path}.${key}`, message: `is not a member of a "${type}" entry` });
  }
  const entry = value as unknown as MdocEntryConfig;
  if (entry.type === 'string' && hasOwn(value, 'conversionType')) {
    const conversion = value['conversionType'];
    if (typeof conversion !== 'string' || !(MDOC_CONVERSION_TYPES as readonly string[]).includes(conversion)) {
      errors.push({ path: `${path}.conversionType`, message: `is unknown; use one of ${MDOC_CONVERSION_TYPES.join(', ')}` });
    }
  } else if (entry.type === 'object') {
    checkEntries(value['entriesConfigMap'], `${path}.entriesConfigMap`, depth, errors);
  } else if (entry.type === 'array') {
    const members = value['arrayConfig'];
    if (!Array.isArray(members) || members.length === 0) {
      errors.push({ path: `${path}.arrayConfig`, message: 'must be a non-empty array of entry configs' });
    } else {
      members.forEach((member, i) => checkEntry(member, `${path}.arrayConfig[${i}]`, depth + 1, errors));
    }
  }
}
