import type { HashCallback } from '../callbacks';
import { base64UrlEncode } from '../encoding/base64url';
import { checkPublicJwk } from './public-jwk';

/** The members that define a key, per key type (RFC 7638 §3.2), in lexicographic order. */
const REQUIRED_MEMBERS: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], RSA: ['e', 'kty', 'n'] };

/**
 * JWK SHA-256 thumbprint (RFC 7638 §3): base64url(SHA-256(JSON of the required members in lexicographic order,
 * no whitespace)). This is the `jkt` of DPoP (`cnf.jkt` in tokens, `dpop_jkt`, RFC 9449 §6.1, §10). Throws
 * `TypeError` for keys that are not public EC, OKP or RSA keys.
 */
export async function calculateJwkThumbprint(jwk: Record<string, unknown>, hash: HashCallback): Promise<string> {
  const checked = checkPublicJwk(jwk);
  if (!checked.ok) throw new TypeError(checked.description);
  const members = REQUIRED_MEMBERS[jwk['kty'] as string] as string[];
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return base64UrlEncode(await hash(new TextEncoder().encode(canonical), 'sha-256'));
}
