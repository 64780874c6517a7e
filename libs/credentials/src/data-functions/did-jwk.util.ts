import { textToBase64Url } from '../shared/base64url.util';
import { CredentialError } from '../shared/credential-error';

// The public members that identify a key (the RFC 7638 thumbprint set), listed in lexicographic order.
// Optional members such as kid, use or alg vary between wallets and would change the DID for one key.
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  AKP: ['alg', 'kty', 'pub'],
};

/**
 * did:jwk of a public key (did:jwk spec §2): `did:jwk:` + base64url of the JSON of the key's required
 * public members in lexicographic order, so the same key always yields the same DID. Private members
 * (`d`, `p`, …) are never included. Used for `<subjectDid>` when the proof carries a `jwk`.
 * @throws CredentialError `INVALID_JWK` for symmetric keys, unknown `kty` or missing members
 */
export function didJwkFromJwk(publicJwk: Record<string, unknown>): string {
  const kty = publicJwk?.['kty'];
  const members = typeof kty === 'string' ? PUBLIC_MEMBERS[kty] : undefined;
  if (!members) throw new CredentialError('INVALID_JWK', `unsupported JWK kty "${String(kty)}" for did:jwk`);
  const canonical: Record<string, string> = {};
  for (const member of members) {
    const value = publicJwk[member];
    if (typeof value !== 'string' || value === '') {
      throw new CredentialError('INVALID_JWK', `JWK member "${member}" is missing for kty ${kty}`);
    }
    canonical[member] = value;
  }
  return `did:jwk:${textToBase64Url(JSON.stringify(canonical))}`;
}
