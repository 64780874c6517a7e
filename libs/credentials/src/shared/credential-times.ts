const HOUR_MS = 3_600_000;

const floorTo = (date: Date, unitMs: number): Date => new Date(Math.floor(date.getTime() / unitMs) * unitMs);
const ceilTo = (date: Date, unitMs: number): Date => new Date(Math.ceil(date.getTime() / unitMs) * unitMs);

/** The instant at whole seconds (JWT NumericDate, ISO 18013-5 tdate): what every time claim carries. */
export function wholeSeconds(date: Date): Date {
  return floorTo(date, 1000);
}

/** RFC 3339 UTC text at whole seconds, without fractional digits (`2026-12-06T12:00:57Z`). */
export function isoSeconds(date: Date): string {
  return wholeSeconds(date).toISOString().replace('.000Z', 'Z');
}

export interface CredentialTimesInput {
  /** The real moment of issuance. */
  now: Date;
  /** An explicit start of validity asked for by the profile (or its runtime overrides). */
  validFrom?: Date;
  /** How long the credential is valid, counted from its start of validity. */
  validForMs?: number;
  /**
   * The earliest instant the signature may claim, e.g. the `notBefore` of the signing certificate: ISO 18013-5
   * §9.3.1 has readers check that the MSO `signed` lies within the certificate validity, and JWT verifiers may do
   * the same with `iat` and `x5c`.
   */
  notBefore?: Date;
}

export interface CredentialTimes {
  /** `iat` / MSO `signed`: the issuance hour (or the signing certificate's `notBefore` within its first hour). */
  issuedAt: Date;
  /** The explicit start of validity, rounded away from precision: down when it has passed, up when it lies ahead. */
  validFrom?: Date;
  /** The start of validity (`validFrom`, else `issuedAt`) plus the validity period. */
  validUntil?: Date;
}

/**
 * Time claims that cannot link credentials (RFC 9901 §10.1, SD-JWT VC §7 privacy; API.md §12 "unlinkable
 * batches"): the issuance time is rounded down to the hour, so the credentials of a batch, and every other
 * credential of that hour, share it instead of a precise `iat` that a verifier could match across presentations.
 * An explicit future `validFrom` is rounded *up* to the hour, so a credential is never valid before the profile
 * asked; a past one is rounded down (it has already begun). The validity period is kept: `validUntil` counts
 * from the rounded start. The result never claims an issuance before `notBefore`, nor after `now`.
 */
export function credentialTimes(input: CredentialTimesInput): CredentialTimes {
  const { now, validFrom, validForMs, notBefore } = input;
  let issuedAt = floorTo(now, HOUR_MS);
  if (notBefore && issuedAt < notBefore) issuedAt = new Date(Math.min(ceilTo(notBefore, 1000).getTime(), wholeSeconds(now).getTime()));
  const start = validFrom ? (validFrom > now ? ceilTo(validFrom, HOUR_MS) : floorTo(validFrom, HOUR_MS)) : undefined;
  const validUntil = validForMs !== undefined ? new Date((start ?? issuedAt).getTime() + validForMs) : undefined;
  return { issuedAt, ...(start ? { validFrom: start } : {}), ...(validUntil ? { validUntil } : {}) };
}
