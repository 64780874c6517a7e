import { isPlainObject } from '../encoding/base64url';
import { isAsymmetricAlg } from '../encoding/compact-jws';
import { algMatchesKty, checkPublicJwk } from './public-jwk';

/** The public signing keys of a JWK Set document (RFC 7517 §5); entries that are not usable public keys are skipped. */
export function publicKeysOf(jwks: unknown): Record<string, unknown>[] {
  const keys = isPlainObject(jwks) && Array.isArray(jwks['keys']) ? jwks['keys'] : [];
  return keys.flatMap((key) => {
    const checked = checkPublicJwk(key);
    return checked.ok && checked.jwk['use'] !== 'enc' ? [checked.jwk] : [];
  });
}

/**
 * The key a JWS header names (RFC 7515 §4.1.4, RFC 7517 §4): by `kid` when the header has one, else the only key fit
 * for `alg`; a key's own `alg`, when it states one, must be the header's (RFC 7517 §4.4). Undefined when none or,
 * without `kid`, several fit (guessing among them would accept a signature by whichever key happens to match).
 */
export function selectVerificationKey(
  keys: readonly Record<string, unknown>[],
  header: { kid?: string; alg: string },
): Record<string, unknown> | undefined {
  if (!isAsymmetricAlg(header.alg)) return undefined;
  const fit = keys.filter(
    (key) =>
      algMatchesKty(header.alg, key['kty']) &&
      (key['alg'] === undefined || key['alg'] === header.alg) &&
      (header.kid === undefined || key['kid'] === header.kid),
  );
  return header.kid === undefined && fit.length > 1 ? undefined : fit[0];
}
