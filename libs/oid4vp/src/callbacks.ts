import type { VerifySignatureCallback as OAuth2VerifySignatureCallback } from '@issuer/oauth2';

/** A public JWK as plain JSON (RFC 7517). */
export type Jwk = Record<string, unknown>;

/** Hash algorithms this library asks for: `_sd_alg` values (IANA names, RFC 9901 §4.1.1) and JWK thumbprints. */
export type HashAlgorithm = 'sha-256' | 'sha-384' | 'sha-512';

/** Hashes bytes, e.g. `(data, alg) => createHash(alg.replace('-', '')).update(data).digest()`. */
export type HashCallback = (data: Uint8Array, alg: HashAlgorithm) => Uint8Array | Promise<Uint8Array>;

/**
 * Verifies a JWS signature (RFC 7515) over `signingInput` with a public JWK; ECDSA signatures arrive in JOSE form
 * (raw r‖s). `@issuer/oauth2`'s callback type, so one implementation serves both libs. Exceptions count as an
 * invalid signature.
 */
export type VerifySignatureCallback = OAuth2VerifySignatureCallback;

/**
 * Returns the candidate public JWKs for a DID URL (`did:web:example.com#key-1`) or a DID. Called for DIDs other
 * than `did:jwk` and `did:key` (decoded locally). Security: return only keys of that DID's document — for a DID URL
 * the referenced verification method — never keys the caller got from the presentation itself; an empty list or
 * an exception means the DID cannot be resolved.
 */
export type ResolveDidKeysCallback = (didUrlOrDid: string) => Promise<readonly Jwk[]>;

/**
 * Fetches a status list by its URI and returns it as the compact JWT (`statuslist+jwt`, draft-ietf-oauth-status-list
 * §8.1, `Accept: application/statuslist+jwt`). Caching by the token's `ttl` / `exp` is the caller's business;
 * an exception means the status is unknown and the presentation is refused (fail closed).
 */
export type FetchStatusListCallback = (uri: string) => Promise<string>;

/** Crypto the verifiers use; defaults to `nodeCryptoCallbacks` (node:crypto) when not given. */
export interface CryptoCallbacks {
  verifySignature: VerifySignatureCallback;
  hash: HashCallback;
}
