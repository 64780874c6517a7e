import { DidResolutionFailure } from './did-resolution.error';
import { canonicalPublicJwk, isUsablePublicJwk, type Jwk } from './public-jwk';

/**
 * did:jwk (did:jwk spec §2): `did:jwk:` + base64url(UTF-8 JSON of the JWK). Only the public key members
 * are encoded, in RFC 7638 order, so one key always gives one DID and no private member can leak into it.
 */
export function didJwkOf(jwk: Jwk): string {
  return `did:jwk:${Buffer.from(JSON.stringify(canonicalPublicJwk(jwk)), 'utf8').toString('base64url')}`;
}

/** The JWK inside a did:jwk, exactly as encoded; refuses private keys and values that are not public keys. */
export function parseDidJwk(did: string): Jwk {
  const match = /^did:jwk:([A-Za-z0-9_-]+)$/.exec(did);
  if (!match) throw new DidResolutionFailure('invalidDid', 'a did:jwk is did:jwk:<base64url JSON>');
  let jwk: unknown;
  try {
    jwk = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch (error) {
    throw new DidResolutionFailure('invalidDid', 'did:jwk does not hold JSON', { cause: error });
  }
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new DidResolutionFailure('invalidDid', 'did:jwk does not hold a JWK');
  const value = jwk as Jwk;
  if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'].some((m) => m in value)) {
    throw new DidResolutionFailure('invalidDid', 'did:jwk must not contain private key material');
  }
  if (typeof value.kty !== 'string' || !isUsablePublicJwk(value))
    throw new DidResolutionFailure('invalidDid', 'did:jwk holds no valid public key');
  return value;
}
