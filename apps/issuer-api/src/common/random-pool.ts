import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 8192;
/** Requests above this size go straight to the generator: the pool is for the small, frequent ones. */
const MAX_POOLED = 256;

const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * Cryptographically random bytes from a pool filled by one call of the CSPRNG per 8 KiB: a credential takes about
 * ten small draws (code, token, nonce, salts, ids), and each call of `randomBytes` costs far more than its bytes.
 * Node's own `randomUUID` buffers its entropy the same way. Every byte is handed out once and copied, so callers may
 * keep what they get; bytes not yet handed out stay in memory until drawn, as in Node's UUID buffer.
 */
export function pooledRandomBytes(length: number): Buffer {
  if (length > MAX_POOLED) return randomBytes(length);
  if (offset + length > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + length));
  // The drawn bytes are wiped from the pool, so they exist only in the caller's copy.
  pool.fill(0, offset, offset + length);
  offset += length;
  return bytes;
}
