import type { HashCallback, Jwk } from '../callbacks';
import { base64UrlEncode, isPlainObject } from './base64url';

/** JWK members that carry private or symmetric key material (RFC 7517, RFC 7518 §6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The members that define a key, per key type, in lexicographic order (RFC 7638 §3.2). */
const THUMBPRINT_MEMBERS: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], RSA: ['e', 'kty', 'n'] };

/**
 * Returns the JWK if it is a public EC, OKP or RSA key, else `undefined`. Security: a key that travels with its
 * private part, or an `oct` key, proves nothing about who signed.
 */
export function asPublicJwk(value: unknown): Jwk | undefined {
  if (!isPlainObject(value)) return undefined;
  if (PRIVATE_MEMBERS.some((member) => member in value)) return undefined;
  const required = THUMBPRINT_MEMBERS[value['kty'] as string];
  if (!required) return undefined;
  if (required.some((member) => typeof value[member] !== 'string' || value[member] === '')) return undefined;
  return value;
}

/** Whether a JWS algorithm fits the key type and curve (RFC 7518 §3, RFC 8037 §3.1). */
export function algFitsJwk(alg: string, jwk: Jwk): boolean {
  if (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg) return false;
  const { kty, crv } = jwk;
  if (alg === 'ES256') return kty === 'EC' && crv === 'P-256';
  if (alg === 'ES384') return kty === 'EC' && crv === 'P-384';
  if (alg === 'ES512') return kty === 'EC' && crv === 'P-521';
  if (alg === 'ES256K') return kty === 'EC' && crv === 'secp256k1';
  if (alg === 'EdDSA' || alg === 'Ed25519') return kty === 'OKP' && (crv === 'Ed25519' || (alg === 'EdDSA' && crv === 'Ed448'));
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return kty === 'RSA';
  return false;
}

/** Only the members that define the public key (drops `kid`, `use`, `alg`, ...), for results and comparisons. */
export function publicKeyMembers(jwk: Jwk): Jwk {
  const members = THUMBPRINT_MEMBERS[jwk['kty'] as string] ?? [];
  return Object.fromEntries(members.map((member) => [member, jwk[member]]));
}

/**
 * JWK SHA-256 thumbprint (RFC 7638 §3), base64url: the SIOPv2 subject of a `sub_jwk` ID token (SIOPv2 §11) and
 * the `jkt` of DPoP. Throws `TypeError` for anything but a public EC, OKP or RSA key.
 */
export async function jwkThumbprint(jwk: Jwk, hash: HashCallback): Promise<string> {
  if (!asPublicJwk(jwk)) throw new TypeError('a thumbprint needs a public EC, OKP or RSA JWK');
  const members = THUMBPRINT_MEMBERS[jwk['kty'] as string] as string[];
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return base64UrlEncode(await hash(new TextEncoder().encode(canonical), 'sha-256'));
}

/** Whether two JWKs are the same public key (their RFC 7638 members are equal). */
export function sameKey(a: Jwk, b: Jwk): boolean {
  const members = THUMBPRINT_MEMBERS[a['kty'] as string];
  return members !== undefined && a['kty'] === b['kty'] && members.every((m) => a[m] === b[m]);
}
