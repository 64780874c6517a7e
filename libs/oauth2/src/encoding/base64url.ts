// Strict base64url helpers: Buffer's decoder silently skips foreign characters, so input is checked first.
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function base64UrlEncode(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64url');
}

/** Decodes unpadded base64url; `undefined` when the text is not canonical base64url. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes base64url UTF-8 JSON of any type (e.g. an SD-JWT disclosure array); `undefined` when any step fails. */
export function base64UrlDecodeJson(text: string): unknown {
  const bytes = base64UrlDecode(text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** Decodes base64url JSON that must be an object (not an array); `undefined` otherwise. */
export function base64UrlDecodeJsonObject(text: string): Record<string, unknown> | undefined {
  const value = base64UrlDecodeJson(text);
  return isPlainObject(value) ? value : undefined;
}
