import { DidResolutionFailure } from './did-resolution.error';
import { isUsablePublicJwk, type Jwk } from './public-jwk';

// Encoding is @issuer/oid4vci's `didJwkFromJwk`, shared with the holder DIDs of key proofs (one key, one DID).

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
