import { canonicalPublicJwk, checkPublicJwk } from '@issuer/oauth2';
import type { Jwk } from '../callbacks';

/**
 * Returns the JWK if it is a public EC, OKP or RSA key (`@issuer/oauth2`'s `checkPublicJwk`), else `undefined`.
 * Security: a key that travels with its private part, or an `oct` key, proves nothing about who signed.
 */
export function asPublicJwk(value: unknown): Jwk | undefined {
  const checked = checkPublicJwk(value);
  return checked.ok ? checked.jwk : undefined;
}

/**
 * Whether a JWS algorithm fits the key type and curve (RFC 7518 §3, RFC 8037 §3.1, RFC 9864 for Ed25519 / Ed448) and
 * the key's own `alg`. Stricter than `@issuer/oauth2`'s `algMatchesKty` (key type only): a credential issuer's key is
 * never tried with an algorithm of another curve.
 */
export function algFitsJwk(alg: string, jwk: Jwk): boolean {
  if (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg) return false;
  const { kty, crv } = jwk;
  if (alg === 'ES256') return kty === 'EC' && crv === 'P-256';
  if (alg === 'ES384') return kty === 'EC' && crv === 'P-384';
  if (alg === 'ES512') return kty === 'EC' && crv === 'P-521';
  if (alg === 'ES256K') return kty === 'EC' && crv === 'secp256k1';
  if (alg === 'EdDSA') return kty === 'OKP' && (crv === 'Ed25519' || crv === 'Ed448');
  if (alg === 'Ed25519' || alg === 'Ed448') return kty === 'OKP' && crv === alg;
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return kty === 'RSA';
  return false;
}

/**
 * Only the members that define the public key (drops `kid`, `use`, `alg`, ...), for results and comparisons. The key
 * must be public (every key here went through {@link asPublicJwk} or the local DID decoders); else TypeError.
 */
export function publicKeyMembers(jwk: Jwk): Jwk {
  return canonicalPublicJwk(jwk);
}
