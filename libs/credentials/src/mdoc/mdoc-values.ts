/**
 * Value objects for the CBOR types JSON cannot express (ISO/IEC 18013-5 §7.2.1, RFC 8943): data conversions
 * produce them and the encoder turns them into tagged CBOR. They keep cbor-x out of the public API.
 */

/** A calendar date, encoded as `full-date` = #6.1004(tstr "YYYY-MM-DD") (birth_date, issue_date, …). */
export class MdocFullDate {
  constructor(readonly value: string) {}
  toJSON(): string {
    return this.value;
  }
}

/** A date-time, encoded as `tdate` = #6.0(tstr) in RFC 3339 form with no fractional seconds and `Z`. */
export class MdocDateTime {
  constructor(readonly value: string) {}
  toJSON(): string {
    return this.value;
  }
}

/** A data element value after conversion: JSON values, byte strings (`bstr`) and the two date types. */
export type MdocElementValue =
  string | number | boolean | null | Uint8Array | MdocFullDate | MdocDateTime | MdocElementValue[] | { [member: string]: MdocElementValue };

/** Namespace → data element identifier → value, as they go into `IssuerNameSpaces`. */
export type MdocNameSpaces = Record<string, Record<string, MdocElementValue>>;

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real `YYYY-MM-DD` calendar date (rejects 2023-02-30 and the like). */
export function isFullDate(text: string): boolean {
  const match = FULL_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// RFC 3339 date-time with a mandatory offset; fractional seconds are accepted on input and dropped.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * ISO 18013-5 `tdate` text for an instant: UTC, `Z`, whole seconds. Sub-second precision is truncated
 * (not rounded), so a validity start never moves later than the caller asked.
 */
export function toTdateText(instant: Date): string {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const TDATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** True for text in the ISO 18013-5 tdate form (UTC `Z`, no fractional seconds) that denotes a real instant. */
export function isTdateText(text: string): boolean {
  return TDATE.test(text) && !Number.isNaN(Date.parse(text)) && toTdateText(new Date(text)) === text;
}

/** Parses an RFC 3339 date-time string to a Date, or undefined when it is not one. */
export function parseDateTime(text: string): Date | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
