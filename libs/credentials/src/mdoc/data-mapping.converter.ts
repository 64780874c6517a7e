import { base64UrlDecode } from '@issuer/oauth2';
import { CredentialError } from '../shared/credential-error';
import { hasOwn, isPlainObject, UNSAFE_KEYS } from '../shared/json-object.util';
import { MdocConversionType, MdocEntryConfig, MdocNameSpacesDataMappingConfig } from './data-mapping-config.types';
import { validateMdocDataMappingConfig } from './data-mapping-config.validator';
import { decodeBase64 } from './mdoc-base64.util';
import { isFullDate, MdocDateTime, MdocElementValue, MdocFullDate, MdocNameSpaces, parseDateTime, toTdateText } from './mdoc-values';

// Deep enough for any real data element, shallow enough that hostile input cannot exhaust the stack.
const MAX_DEPTH = 32;

/**
 * Applies an `mDocNameSpacesDataMappingConfig` (waltid-issuer2-model.md §11) to mdoc credential data
 * `{ "<namespace>": { "<element>": <JSON> } }` and returns the element values to encode. Elements without a
 * config keep their JSON type (integers stay CBOR integers, objects become text-keyed maps). A config entry for
 * an element the data does not contain is ignored, so one profile config serves offers with optional elements.
 * @throws CredentialError `MDOC_INVALID_REQUEST` (data shape), `MDOC_DATA_MAPPING_INVALID` (config),
 *   `MDOC_DATA_CONVERSION_FAILED` (a value does not fit its conversion; `errors[0].path` names it)
 */
export function convertMdocNameSpaces(data: unknown, config?: MdocNameSpacesDataMappingConfig): MdocNameSpaces {
  if (config !== undefined) {
    const validation = validateMdocDataMappingConfig(config);
    if (!validation.valid) {
      throw new CredentialError('MDOC_DATA_MAPPING_INVALID', 'mDocNameSpacesDataMappingConfig is invalid', { errors: validation.errors });
    }
  }
  if (!isPlainObject(data) || Object.keys(data).length === 0) {
    throw invalidData('/', 'mdoc credential data must be an object of namespace → { element: value } with at least one namespace');
  }
  const result: MdocNameSpaces = {};
  for (const [ns, elements] of Object.entries(data)) {
    const path = `['${ns}']`;
    if (ns === '' || UNSAFE_KEYS.has(ns)) throw invalidData(path, 'is not a valid namespace');
    if (!isPlainObject(elements) || Object.keys(elements).length === 0) {
      throw invalidData(path, 'must be an object with at least one data element');
    }
    const entries = config?.[ns]?.entriesConfigMap;
    const converted: Record<string, MdocElementValue> = {};
    for (const [element, value] of Object.entries(elements)) {
      if (element === '' || UNSAFE_KEYS.has(element)) throw invalidData(`${path}.${element}`, 'is not a valid element identifier');
      const entry = entries && hasOwn(entries, element) ? entries[element] : undefined;
      converted[element] = convertValue(value, entry, `${path}.${element}`, 0);
    }
    result[ns] = converted;
  }
  return result;
}

function convertValue(value: unknown, entry: MdocEntryConfig | undefined, path: string, depth: number): MdocElementValue {
  if (depth > MAX_DEPTH) throw failed(path, `nests deeper than ${MAX_DEPTH} levels`);
  if (!entry) return fromJson(value, path, depth);
  switch (entry.type) {
    case 'string':
      if (entry.conversionType) return convertScalar(value, entry.conversionType, path);
      if (typeof value !== 'string') throw failed(path, 'must be a string');
      return value;
    case 'integer':
      return convertScalar(value, 'stringToInteger', path);
    case 'boolean':
      return convertScalar(value, 'stringToBoolean', path);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw failed(path, 'must be a number');
      return value;
    case 'object': {
      if (!isPlainObject(value)) throw failed(path, 'must be an object');
      const out: Record<string, MdocElementValue> = {};
      for (const [member, memberValue] of Object.entries(value)) {
        if (UNSAFE_KEYS.has(member)) throw failed(`${path}.${member}`, 'is not a valid member name');
        const memberEntry = hasOwn(entry.entriesConfigMap, member) ? entry.entriesConfigMap[member] : undefined;
        out[member] = convertValue(memberValue, memberEntry, `${path}.${member}`, depth + 1);
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) throw failed(path, 'must be an array');
      const configs = entry.arrayConfig;
      if (configs.length !== 1 && configs.length !== value.length) {
        throw failed(path, `has ${value.length} members but arrayConfig has ${configs.length} (use one config for all, or one per member)`);
      }
      return value.map((member, i) => convertValue(member, configs.length === 1 ? configs[0] : configs[i], `${path}[${i}]`, depth + 1));
    }
  }
}

function convertScalar(value: unknown, conversion: MdocConversionType, path: string): MdocElementValue {
  switch (conversion) {
    case 'stringToFullDate':
      if (value instanceof MdocFullDate) return value;
      if (typeof value !== 'string' || !isFullDate(value)) throw failed(path, 'must be a full-date "YYYY-MM-DD"');
      return new MdocFullDate(value);
    case 'stringToTDate': {
      if (value instanceof MdocDateTime) return value;
      const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (!instant) throw failed(path, 'must be an RFC 3339 date-time such as "2026-01-31T12:00:00Z"');
      return new MdocDateTime(toTdateText(instant));
    }
    case 'base64StringToByteString':
    case 'base64UrlStringToByteString': {
      if (value instanceof Uint8Array) return value;
      const url = conversion === 'base64UrlStringToByteString';
      const bytes = typeof value === 'string' ? (url ? base64UrlDecode(value) : decodeBase64(value)) : undefined;
      if (!bytes) throw failed(path, `must be a ${url ? 'base64url' : 'base64'} string`);
      return bytes;
    }
    case 'stringToInteger':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
      throw failed(path, 'must be an integer');
    case 'stringToBoolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw failed(path, 'must be a boolean');
  }
}

/** Elements without a config: JSON types as they are; already-converted values pass (programmatic callers). */
function fromJson(value: unknown, path: string, depth: number): MdocElementValue {
  if (depth > MAX_DEPTH) throw failed(path, `nests deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw failed(path, 'must be a finite number');
    return value;
  }
  if (value instanceof Uint8Array || value instanceof MdocFullDate || value instanceof MdocDateTime) return value;
  if (Array.isArray(value)) return value.map((member, i) => fromJson(member, `${path}[${i}]`, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, MdocElementValue> = {};
    for (const [member, memberValue] of Object.entries(value)) {
      if (UNSAFE_KEYS.has(member)) throw failed(`${path}.${member}`, 'is not a valid member name');
      out[member] = fromJson(memberValue, `${path}.${member}`, depth + 1);
    }
    return out;
  }
  throw failed(path, `a ${typeof value} value cannot be a data element`);
}

function invalidData(path: string, message: string): CredentialError {
  return new CredentialError('MDOC_INVALID_REQUEST', `${path}: ${message}`, { errors: [{ path, message }] });
}

function failed(path: string, message: string): CredentialError {
  return new CredentialError('MDOC_DATA_CONVERSION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });
}
