const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes unpadded base64url (RFC 7515 §2); `undefined` for any other alphabet or an impossible length. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

export function base64UrlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Decodes base64url UTF-8 JSON; `undefined` when any step fails. */
export function base64UrlDecodeJson(text: string): unknown {
  const bytes = base64UrlDecode(text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
