/** Hash algorithms the library asks for (names as in `@openid4vc/oauth2`'s `hash` callback). */
export type HashAlgorithm = 'sha-256';

/** Hashes bytes, e.g. `(data) => createHash('sha256').update(data).digest()`. */
export type HashCallback = (data: Uint8Array, alg: HashAlgorithm) => Uint8Array | Promise<Uint8Array>;

/**
 * Verifies a JWS signature (RFC 7515) over `signingInput` with a public JWK. ECDSA signatures arrive in JOSE
 * form (raw r‖s). Exceptions count as an invalid signature (the key is attacker-supplied).
 */
export type VerifySignatureCallback = (input: {
  alg: string;
  jwk: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array;
}) => Promise<boolean>;

/** Cryptographically secure random bytes, e.g. `(n) => randomBytes(n)`. */
export type RandomCallback = (length: number) => Uint8Array;

/**
 * Marks a JWT id as used until `expiresAt` and reports whether it was fresh: `true` the first time, `false` on any
 * later call with the same id before it expires. Must be atomic in a store shared by all replicas (e.g. an
 * `INSERT ... ON CONFLICT DO NOTHING` in PostgreSQL), otherwise a proof can be replayed against another replica.
 */
export type UseJtiCallback = (jti: string, expiresAt: Date) => Promise<boolean>;
