import { isPlainObject } from '../encoding/base64url';

/** JWK members that carry private or symmetric key material (RFC 7517, RFC 7518 §6). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The members that define a public key, per key type (RFC 7638 §3.2), in lexicographic order. */
const KEY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

export type PublicJwkCheck = { ok: true; jwk: Record<string, unknown> } | { ok: false; description: string };

/**
 * Accepts only public asymmetric JWKs: kty EC, OKP or RSA with their public members and no private member
 * (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`). Security: a proof whose key travels with its private part proves
 * nothing (RFC 9449 §4.3 check 6), and an `oct` key would let anyone forge HMAC signatures.
 */
export function checkPublicJwk(value: unknown): PublicJwkCheck {
  if (!isPlainObject(value)) return { ok: false, description: 'jwk must be a JSON object' };
  if (PRIVATE_JWK_MEMBERS.some((member) => member in value)) return { ok: false, description: 'jwk contains private key material' };
  const kty = value['kty'];
  const required = typeof kty === 'string' && Object.hasOwn(KEY_MEMBERS, kty) ? KEY_MEMBERS[kty] : undefined;
  if (!required) return { ok: false, description: 'jwk kty must be EC, OKP or RSA' };
  const missing = required.find((member) => typeof value[member] !== 'string' || value[member] === '');
  if (missing) return { ok: false, description: `jwk of kty ${kty} needs member ${missing}` };
  return { ok: true, jwk: value };
}

/**
 * A public JWK reduced to the members that define the key, in RFC 7638 §3.2 order (no `kid`, `alg`, `use`,
 * `key_ops`): one key, one JSON text. did:jwk encodes exactly this, so the same key always gives the same DID
 * whoever sent it with whatever extra members, and DID documents publish it. (Thumbprints: jose's
 * `calculateJwkThumbprint` hashes the same members.) Throws `TypeError` for anything {@link checkPublicJwk} refuses.
 */
export function canonicalPublicJwk(value: unknown): Record<string, string> {
  const checked = checkPublicJwk(value);
  if (!checked.ok) throw new TypeError(checked.description);
  const jwk = checked.jwk;
  return Object.fromEntries(KEY_MEMBERS[jwk['kty'] as string]!.map((member) => [member, jwk[member] as string]));
}

/** Whether a JWS algorithm fits the key type (RFC 7518 §3, RFC 8037 §3.1). */
export function algMatchesKty(alg: string, kty: unknown): boolean {
  if (/^ES(256|384|512|256K)$/.test(alg)) return kty === 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') return kty === 'OKP';
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return kty === 'RSA';
  return false;
}
