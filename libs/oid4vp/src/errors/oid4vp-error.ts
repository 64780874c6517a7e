import { sanitizeErrorDescription } from '@issuer/oauth2';

/**
 * Error codes a wallet understands: RFC 6749 §4.1.2.1 / §5.2 and OpenID4VP 1.0 §8.5. The issuer's response
 * endpoint answers a refused `id_token` / `vp_token` with `400 {"error": <code>}` (API.md §11).
 * - `invalid_request`: malformed, wrongly bound (nonce, aud), expired or badly signed response.
 * - `access_denied`: a well-formed response the issuer refuses: untrusted issuer, revoked or suspended credential,
 *   presentations that do not satisfy the DCQL query.
 * - `temporarily_unavailable`: a callback (status list fetch, DID resolution) failed; retrying may succeed.
 */
export type Oid4vpErrorCode = 'invalid_request' | 'access_denied' | 'temporarily_unavailable';

/**
 * Why a response was refused, finer than the OAuth code and stable for callers (events, logs, tests); never shown
 * to the wallet as the code. Set where the check fails, never derived from a message (STYLE.md 5).
 */
export type Oid4vpFailureReason =
  | 'malformed'
  | 'unsupported'
  | 'invalid_signature'
  | 'untrusted_issuer'
  | 'nonce_mismatch'
  | 'audience_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'subject_mismatch'
  | 'holder_binding_missing'
  | 'holder_binding_invalid'
  | 'sd_hash_mismatch'
  | 'invalid_disclosure'
  | 'credential_revoked'
  | 'credential_suspended'
  | 'credential_status_invalid'
  | 'status_unavailable'
  | 'did_unresolvable'
  | 'dcql_not_satisfied';

/** The failure branch shared by every verifier of this library (STYLE.md 4: results, not booleans). */
export interface Oid4vpFailure {
  verified: false;
  error: Oid4vpErrorCode;
  reason: Oid4vpFailureReason;
  /** Human-readable, safe as `error_description` (sanitised by `@issuer/oauth2`: ASCII, no quotes, at most 300 characters). */
  description: string;
}

/**
 * Thrown inside the verifiers with its code and reason set at the throw site; the exported functions catch it
 * and return it as an `Oid4vpFailure`. `cause` keeps the original error (e.g. a callback's exception) for logs.
 */
export class Oid4vpError extends Error {
  readonly error: Oid4vpErrorCode;
  readonly reason: Oid4vpFailureReason;

  constructor(error: Oid4vpErrorCode, reason: Oid4vpFailureReason, description: string, options: { cause?: unknown } = {}) {
    super(sanitizeErrorDescription(description), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Oid4vpError';
    this.error = error;
    this.reason = reason;
  }

  toFailure(): Oid4vpFailure {
    return { verified: false, error: this.error, reason: this.reason, description: this.message };
  }
}

/** Shorthands for the two common codes. */
export const invalidRequest = (reason: Oid4vpFailureReason, description: string, cause?: unknown) =>
  new Oid4vpError('invalid_request', reason, description, { cause });
export const accessDenied = (reason: Oid4vpFailureReason, description: string, cause?: unknown) =>
  new Oid4vpError('access_denied', reason, description, { cause });

/**
 * Runs a verifier body and turns an `Oid4vpError` into its failure result. Any other exception is a bug or a
 * misbehaving callback: it becomes `invalid_request` / `malformed` so a wallet never sees a 5xx for its input,
 * with the exception kept as `cause` on the returned object for the caller's logs.
 */
export async function toResult<T>(body: () => Promise<T>): Promise<T | (Oid4vpFailure & { cause?: unknown })> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Oid4vpError) return error.toFailure();
    return { ...invalidRequest('malformed', 'the response could not be processed').toFailure(), cause: error };
  }
}
