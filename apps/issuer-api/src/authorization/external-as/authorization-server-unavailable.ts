import { Oid4vciError } from '@issuer/oid4vci';

/** How long a wallet is asked to wait before it tries again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The external authorization server (discovery, JWKS or introspection) could not be reached or answered nonsense.
 * The token is then neither valid nor invalid: the wallet gets a retryable `503 temporarily_unavailable` with
 * `Retry-After` (RFC 9110 §10.2.3), never `invalid_token` (it would throw a good token away) and never a 500.
 */
export function authorizationServerUnavailable(description: string, cause?: unknown): Oid4vciError {
  return new Oid4vciError('temporarily_unavailable', description, {
    status: 503,
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    ...(cause !== undefined ? { cause } : {}),
  });
}
