import { hashSecret, newSecret } from '../../common/secrets';

/** Marks an API key as one (secret scanners and people recognise it; the resolver skips other credentials). */
export const API_KEY_PREFIX = 'isk_';

/** A new API key: the prefix and 256 random bits, base64url. */
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${newSecret()}`;
}

export function isApiKeyFormat(bearer: string): boolean {
  return bearer.startsWith(API_KEY_PREFIX);
}

/** What is stored: a plain SHA-256 suffices for 256-bit random keys (a leaked table reveals no usable key). */
export function apiKeyHash(key: string): string {
  return hashSecret(key);
}

/** Enough of the key to tell keys apart in a list (8 of its 47 characters; the rest stays unknown). */
export function apiKeyPrefixOf(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 4);
}

/** A key works until it is revoked or its expiry has passed. */
export function apiKeyUsable(record: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return record.revokedAt === null && (record.expiresAt === null || record.expiresAt.getTime() > now.getTime());
}
