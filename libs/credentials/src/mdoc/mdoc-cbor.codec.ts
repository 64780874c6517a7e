import { Tag } from 'cbor-x';
import type { CborValue } from '../cose/cbor.encoder';
import { CredentialError } from '../shared/credential-error';
import { isFullDate, isTdateText, MdocDateTime, MdocElementValue, MdocFullDate } from './mdoc-values';

/** CBOR tags used by ISO/IEC 18013-5: tdate (RFC 8949 §3.4.1), embedded CBOR (§3.4.5.1), full-date (RFC 8943). */
export const CBOR_TAG_TDATE = 0;
export const CBOR_TAG_ENCODED_CBOR = 24;
export const CBOR_TAG_FULL_DATE = 1004;

/** `#6.24(bstr .cbor value)`: the embedded-CBOR wrapper of IssuerSignedItemBytes and MobileSecurityObjectBytes. */
export function tagEncodedCbor(encoded: Uint8Array): Tag {
  return new Tag(encoded, CBOR_TAG_ENCODED_CBOR);
}

/** `tdate` = #6.0(tstr). */
export function tdate(text: string): Tag {
  return new Tag(text, CBOR_TAG_TDATE);
}

/**
 * Turns a converted element value into the CBOR tree: full-date → #6.1004, tdate → #6.0, objects → text-keyed
 * maps, Uint8Array → bstr. Anything JSON-incompatible (undefined, NaN, functions, class instances) is refused
 * with the element path, because cbor-x would otherwise encode it in some non-interoperable way.
 */
export function toCborTree(value: MdocElementValue, path: string): CborValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw conversionError(path, 'numbers must be finite');
    return value;
  }
  if (value instanceof Uint8Array) return value;
  // Programmatic callers can build these directly, so their text is checked here, not only in the converter.
  if (value instanceof MdocFullDate) {
    if (!isFullDate(value.value)) throw conversionError(path, 'a full-date must be "YYYY-MM-DD"');
    return new Tag(value.value, CBOR_TAG_FULL_DATE);
  }
  if (value instanceof MdocDateTime) {
    if (!isTdateText(value.value)) throw conversionError(path, 'a tdate must be "YYYY-MM-DDThh:mm:ssZ"');
    return tdate(value.value);
  }
  if (Array.isArray(value)) return value.map((member, i) => toCborTree(member, `${path}[${i}]`));
  if (typeof value === 'object' && isRecord(value)) {
    const map = new Map<string, CborValue>();
    for (const [key, member] of Object.entries(value)) map.set(key, toCborTree(member, `${path}.${key}`));
    return map;
  }
  throw conversionError(path, `a value of type ${typeof value} cannot be encoded`);
}

function isRecord(value: object): value is Record<string, MdocElementValue> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function conversionError(path: string, message: string): CredentialError {
  return new CredentialError('MDOC_DATA_CONVERSION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });
}
