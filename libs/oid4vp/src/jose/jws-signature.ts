import type { DecodedJws } from '@issuer/oauth2';
import type { Jwk, VerifySignatureCallback } from '../callbacks';
import { algFitsJwk } from './jwk';

/**
 * Verifies the JWS with one candidate key: the header `alg` must fit the key (type, curve, the key's own `alg`), so a
 * key is never used with an algorithm it was not made for (RFC 8725 §3.1). Callback exceptions count as invalid.
 */
export async function verifyJwsWith(jws: DecodedJws, jwk: Jwk, verify: VerifySignatureCallback): Promise<boolean> {
  const alg = jws.header['alg'] as string;
  if (!algFitsJwk(alg, jwk)) return false;
  try {
    return (await verify({ alg, jwk, signingInput: jws.signingInput, signature: jws.signature })) === true;
  } catch {
    return false;
  }
}

/** Returns the first candidate that verifies the JWS, or `undefined`. */
export async function findVerifyingKey(
  jws: DecodedJws,
  candidates: readonly Jwk[],
  verify: VerifySignatureCallback,
): Promise<Jwk | undefined> {
  for (const jwk of candidates) {
    if (await verifyJwsWith(jws, jwk, verify)) return jwk;
  }
  return undefined;
}
