import type { Jwk, ResolveDidKeysCallback } from '../callbacks';
import { invalidRequest, Oid4vpError } from '../errors/oid4vp-error';
import { asPublicJwk } from '../jose/jwk';
import { isLocalDid, localDidKey, splitDidUrl } from './did-local';

/**
 * Candidate public keys for a DID URL (the JWS `kid`) of a given DID. did:jwk / did:key are decoded locally; every
 * other method goes through `resolveDidKeys`. Throws `invalid_request` / `did_unresolvable` when no key can be found,
 * `temporarily_unavailable` when the resolver fails. Private or malformed JWKs from the resolver are dropped.
 */
export async function didSigningKeys(didUrl: string, resolveDidKeys: ResolveDidKeysCallback | undefined): Promise<Jwk[]> {
  const { did } = splitDidUrl(didUrl);
  if (isLocalDid(did)) {
    const key = localDidKey(didUrl);
    if (!key) throw invalidRequest('did_unresolvable', `no key found for DID URL ${didUrl}`);
    return [key];
  }
  if (!resolveDidKeys) throw invalidRequest('did_unresolvable', `DID method of ${did} is not supported`);
  let keys: readonly Jwk[];
  try {
    keys = await resolveDidKeys(didUrl);
  } catch (cause) {
    throw new Oid4vpError('temporarily_unavailable', 'did_unresolvable', `DID ${did} could not be resolved`, { cause });
  }
  const usable = (Array.isArray(keys) ? keys : []).map(asPublicJwk).filter((key): key is Jwk => key !== undefined);
  if (usable.length === 0) throw invalidRequest('did_unresolvable', `no key found for DID URL ${didUrl}`);
  return usable;
}

/**
 * Whether a JWS `kid` names a key of `did`: a DID URL `<did>#<fragment>`, or a relative `#fragment` (then it is
 * expanded). Returns the absolute DID URL, or `undefined` when the kid points at another DID.
 */
export function didUrlOf(kid: unknown, did: string): string | undefined {
  if (typeof kid !== 'string' || kid === '') return undefined;
  if (kid.startsWith('#')) return `${did}${kid}`;
  return splitDidUrl(kid).did === did && kid.includes('#') ? kid : undefined;
}
