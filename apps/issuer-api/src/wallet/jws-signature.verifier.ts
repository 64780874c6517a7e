import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { TtlCache } from '@issuer/platform';

const keys = new TtlCache<string, KeyObject>(5 * 60_000, 5000);
const EC = { dsaEncoding: 'ieee-p1363' as const };

/**
 * Verifies a JWS signature with a public JWK (proofs, later DPoP): node:crypto, so ES256K works too.
 * Parsed keys are cached by their JWK text, since a wallet repeats its key across requests.
 */
export async function verifyJwsSignature(input: {
  alg: string;
  jwk: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array;
}): Promise<boolean> {
  const cacheKey = JSON.stringify(input.jwk);
  let key = keys.get(cacheKey);
  if (!key) {
    key = createPublicKey({ key: input.jwk as never, format: 'jwk' });
    keys.set(cacheKey, key);
  }
  const data = Buffer.from(input.signingInput, 'ascii');
  switch (input.alg) {
    case 'ES256':
    case 'ES256K':
      return verify('sha256', data, { key, ...EC }, input.signature);
    case 'ES384':
      return verify('sha384', data, { key, ...EC }, input.signature);
    case 'ES512':
      return verify('sha512', data, { key, ...EC }, input.signature);
    case 'EdDSA':
    case 'Ed25519':
      return verify(null, data, key, input.signature);
    case 'RS256':
      return verify('sha256', data, key, input.signature);
    case 'PS256':
      return verify('sha256', data, { key, padding: 6, saltLength: 32 }, input.signature);
    default:
      return false;
  }
}
