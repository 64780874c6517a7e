import { resolveDidJwk, resolveDidKey } from '@issuer/oid4vci';
import type { Jwk } from '../callbacks';

/** Splits a DID URL into the DID and its fragment (DID Core §3.2); query and path are not used for keys. */
export function splitDidUrl(didUrl: string): { did: string; fragment?: string } {
  const hash = didUrl.indexOf('#');
  const did = (hash < 0 ? didUrl : didUrl.slice(0, hash)).replace(/[?/].*$/, '');
  return hash < 0 ? { did } : { did, fragment: didUrl.slice(hash + 1) };
}

/** Whether a string is a DID (DID Core §3.1: `did:<method>:<method-specific-id>`). */
export const isDid = (value: unknown): value is string => typeof value === 'string' && /^did:[a-z0-9]+:[A-Za-z0-9._:%_-]+$/.test(value);

/**
 * The public key of a `did:jwk` or `did:key` DID or DID URL, decoded locally by `@issuer/oid4vci` (the same
 * decoders as key proofs; no resolution needed: the key is the identifier). did:jwk: only `#0`; did:key: Ed25519,
 * P-256, P-384, secp256k1 (compressed points checked to lie on the curve) and jwk_jcs-pub, fragment = the key.
 * `undefined` for other methods, unknown key types, private keys, or a fragment that names no key of the DID.
 */
export function localDidKey(didUrl: string): Jwk | undefined {
  const resolved = didUrl.startsWith('did:jwk:')
    ? resolveDidJwk(didUrl)
    : didUrl.startsWith('did:key:')
      ? resolveDidKey(didUrl)
      : undefined;
  return resolved?.ok ? resolved.jwk : undefined;
}

/** Whether the DID method is decoded locally (did:jwk, did:key). */
export const isLocalDid = (did: string): boolean => did.startsWith('did:jwk:') || did.startsWith('did:key:');
