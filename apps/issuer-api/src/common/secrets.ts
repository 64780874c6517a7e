import { createHash, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from './random-pool';

/** A high-entropy bearer secret (pre-authorized codes, access tokens): 256 bits, base64url. */
export function newSecret(): string {
  return pooledRandomBytes(32).toString('base64url');
}

/**
 * What is stored instead of a secret. Codes and tokens are 256-bit random values, so a plain SHA-256 is
 * enough: a database leak does not reveal usable codes. tx_codes are short, so they are hashed with the
 * session's pre-authorized code hash as salt (guessing needs the code, and attempts are limited).
 */
export function hashSecret(value: string, salt = ''): string {
  return createHash('sha256').update(salt).update(value).digest('base64url');
}

/** Constant-time comparison of two strings (admin keys). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
