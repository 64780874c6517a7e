import { base64UrlDecodeJsonObject, base64UrlEncode, canonicalPublicJwk, checkPublicJwk } from '@issuer/oauth2';

/** Key type each JWS algorithm family needs (RFC 7518, RFC 8037); unknown algorithms are not restricted. */
export function algMatchesKty(alg: string, kty: unknown): boolean {
  if (/^ES(256|384|512|256K)$/.test(alg)) return kty === 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') return kty === 'OKP';
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return kty === 'RSA';
  return true;
}

/**
 * `did:jwk` of a public JWK (did:jwk spec §2: `did:jwk:` + base64url of the JWK's UTF-8 JSON): the one encoder of the
 * platform, for holder DIDs of proofs and the DIDs did-registry creates. Only the members that define the key, in
 * RFC 7638 order ({@link canonicalPublicJwk}), so one key always gives one DID — `kid`, `alg`, `use` or member order
 * in the input change nothing — and no private member can leak into it. Throws `TypeError` for a non-public key.
 */
export function didJwkFromJwk(jwk: Record<string, unknown>): string {
  return `did:jwk:${base64UrlEncode(JSON.stringify(canonicalPublicJwk(jwk)))}`;
}

/**
 * Resolves a `did:jwk` DID or DID URL locally. Only the fragment `#0` is valid (the one verification method).
 * Returns the DID without fragment and its public JWK.
 */
export function resolveDidJwk(
  didUrl: string,
): { ok: true; did: string; jwk: Record<string, unknown> } | { ok: false; description: string } {
  const hash = didUrl.indexOf('#');
  const did = hash < 0 ? didUrl : didUrl.slice(0, hash);
  if (hash >= 0 && didUrl.slice(hash + 1) !== '0') return { ok: false, description: 'did:jwk kid must use fragment #0' };
  const decoded = base64UrlDecodeJsonObject(did.slice('did:jwk:'.length));
  if (!decoded) return { ok: false, description: 'did:jwk kid does not encode a JSON JWK' };
  const checked = checkPublicJwk(decoded);
  if (!checked.ok) return { ok: false, description: `did:jwk kid: ${checked.description}` };
  return { ok: true, did, jwk: checked.jwk };
}
