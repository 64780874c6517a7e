import { invalidRequest } from '../errors/oid4vp-error';

/** Default tolerated clock skew for `iat` / `nbf` in the future and `exp` just past, in seconds. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Seconds since the epoch of a `Date` (JWT NumericDate, RFC 7519 §2). */
export const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export interface TimeCheck {
  now: number;
  skew: number;
  /** Whether `exp` must be present (ID tokens, KB-JWTs) or is optional (credentials). */
  requireExp?: boolean;
  /** Whether `iat` must be present. */
  requireIat?: boolean;
  /** Oldest acceptable `iat`, in seconds before `now` (KB-JWT freshness). */
  maxAgeSeconds?: number;
}

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Checks `exp`, `nbf` and `iat` of a JWT payload (RFC 7519 §4.1.4-6); throws `invalid_request`. */
export function checkJwtTimes(payload: Record<string, unknown>, check: TimeCheck, what: string): void {
  const { exp, nbf, iat } = payload;
  if (exp === undefined ? check.requireExp : !isNumericDate(exp))
    throw invalidRequest('malformed', `${what} exp is missing or not a number`);
  if (isNumericDate(exp) && check.now - check.skew >= exp) throw invalidRequest('expired', `${what} has expired`);
  if (nbf !== undefined && !isNumericDate(nbf)) throw invalidRequest('malformed', `${what} nbf is not a number`);
  if (isNumericDate(nbf) && nbf > check.now + check.skew) throw invalidRequest('not_yet_valid', `${what} is not yet valid (nbf)`);
  if (iat === undefined ? check.requireIat : !isNumericDate(iat))
    throw invalidRequest('malformed', `${what} iat is missing or not a number`);
  if (isNumericDate(iat) && iat > check.now + check.skew) throw invalidRequest('not_yet_valid', `${what} iat is in the future`);
  if (isNumericDate(iat) && check.maxAgeSeconds !== undefined && check.now - iat > check.maxAgeSeconds) {
    throw invalidRequest('expired', `${what} iat is too old`);
  }
}

/** `aud` equals the expected value or is an array containing it (RFC 7519 §4.1.3). */
export function checkAudience(payload: Record<string, unknown>, expected: string, what: string, options: { single?: boolean } = {}): void {
  const aud = payload['aud'];
  const ok = aud === expected || (!options.single && Array.isArray(aud) && aud.includes(expected));
  if (!ok) throw invalidRequest('audience_mismatch', `${what} aud does not match the client_id of the request`);
}

/** `nonce` equals the request's nonce (replay protection of OpenID4VP 1.0 §14.1 / SIOPv2 §11.1). */
export function checkNonce(payload: Record<string, unknown>, expected: string, what: string): void {
  if (typeof payload['nonce'] !== 'string' || payload['nonce'] !== expected) {
    throw invalidRequest('nonce_mismatch', `${what} nonce does not match the nonce of the request`);
  }
}
