import type { RandomCallback } from '../callbacks';
import { base64UrlEncode } from './base64url';

/**
 * A random opaque value (authorization code, refresh token, request_uri reference, nonce): base64url of `bytes`
 * random bytes (default 32 = 256 bits). Security: store only a hash of codes and tokens, not the value itself.
 */
export function createOpaqueToken(random: RandomCallback, bytes = 32): string {
  if (bytes < 16) throw new RangeError('opaque tokens need at least 128 bits');
  return base64UrlEncode(random(bytes));
}
