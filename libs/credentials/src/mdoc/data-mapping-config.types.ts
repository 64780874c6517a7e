/**
 * walt.id `mDocNameSpacesDataMappingConfig` (waltid-issuer2-model.md §11): how JSON profile data becomes
 * CBOR data elements. JSON has no dates or byte strings, so each element that needs one names a conversion.
 *
 * ```json
 * { "org.iso.18013.5.1": { "entriesConfigMap": {
 *     "birth_date": { "type": "string", "conversionType": "stringToFullDate" },
 *     "portrait":   { "type": "string", "conversionType": "base64StringToByteString" },
 *     "driving_privileges": { "type": "array", "arrayConfig": [ { "type": "object", "entriesConfigMap": {
 *         "issue_date": { "type": "string", "conversionType": "stringToFullDate" } } } ] } } } }
 * ```
 */
export const MDOC_CONVERSION_TYPES = [
  /** "YYYY-MM-DD" → full-date #6.1004 (RFC 8943). */
  'stringToFullDate',
  /** RFC 3339 date-time → tdate #6.0, normalised to UTC with whole seconds (walt.id PR #2192). */
  'stringToTDate',
  /** Standard base64 (padding optional, data: URI tolerated) → bstr, e.g. `portrait`. */
  'base64StringToByteString',
  /** base64url → bstr. */
  'base64UrlStringToByteString',
  /** Decimal integer string → CBOR integer (a JSON integer passes as is). */
  'stringToInteger',
  /** "true"/"false" → CBOR boolean (a JSON boolean passes as is). */
  'stringToBoolean',
] as const;
export type MdocConversionType = (typeof MDOC_CONVERSION_TYPES)[number];

export const MDOC_ENTRY_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array'] as const;
export type MdocEntryType = (typeof MDOC_ENTRY_TYPES)[number];

/** A string element, optionally converted. */
export interface MdocStringEntryConfig {
  type: 'string';
  conversionType?: MdocConversionType;
}
/** A scalar element that must already have (or, for integer/boolean, be coercible to) this JSON type. */
export interface MdocScalarEntryConfig {
  type: 'integer' | 'number' | 'boolean';
}
export interface MdocObjectEntryConfig {
  type: 'object';
  entriesConfigMap: Record<string, MdocEntryConfig>;
}
/**
 * An array element. One config applies to every member (e.g. each driving privilege); otherwise walt.id's
 * rule holds: one config per member, same length as the data array.
 */
export interface MdocArrayEntryConfig {
  type: 'array';
  arrayConfig: MdocEntryConfig[];
}
export type MdocEntryConfig = MdocStringEntryConfig | MdocScalarEntryConfig | MdocObjectEntryConfig | MdocArrayEntryConfig;

export interface MdocNameSpaceDataMappingConfig {
  entriesConfigMap: Record<string, MdocEntryConfig>;
}

/** Namespace → config. Elements without a config are encoded from their JSON type. */
export type MdocNameSpacesDataMappingConfig = Record<string, MdocNameSpaceDataMappingConfig>;
