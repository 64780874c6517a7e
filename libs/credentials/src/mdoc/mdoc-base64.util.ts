// Strict base64 / base64url decoders in plain TS (no Buffer: the library may run outside Node). Buffer's own
// decoder silently skips invalid characters, which would turn a typo in a portrait into a corrupt image.
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function lookup(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STANDARD_TABLE = lookup(STANDARD);
const URL_SAFE_TABLE = lookup(URL_SAFE);

function decodeWith(text: string, table: Int16Array): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? table[code]! : -1;
    if (value < 0) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, otherwise two different strings would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out.subarray(0, length);
}

/**
 * RFC 4648 §4 base64. Padding is optional but must be correct when present; whitespace (MIME line breaks) and a
 * `data:<type>;base64,` prefix are tolerated. Returns undefined for anything else.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let body = text.replace(/\s+/g, '');
  const dataUri = /^data:[^,]*;base64,/i.exec(body);
  if (dataUri) body = body.slice(dataUri[0].length);
  const padded = /^([^=]*)(=*)$/.exec(body);
  if (!padded || padded[2]!.length > 2) return undefined;
  if (padded[2]!.length > 0 && body.length % 4 !== 0) return undefined;
  return decodeWith(padded[1]!, STANDARD_TABLE);
}

/** RFC 4648 §5 base64url without padding (JWK members, OID4VCI values). Returns undefined when invalid. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  return decodeWith(text, URL_SAFE_TABLE);
}
