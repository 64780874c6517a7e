import { CborTag, CborValue, decodeCbor } from './cbor.reader';

const TAG_TDATE = 0;
const TAG_EPOCH = 1;
const TAG_ENCODED_CBOR = 24;
const TAG_FULL_DATE = 1004;

/**
 * An mdoc data element value as JSON, for `idTokenClaimsMapping`: full-date (#6.1004, RFC 8943) → "YYYY-MM-DD",
 * tdate (#6.0) → its RFC 3339 text, epoch dates (#6.1) → ISO timestamp, byte strings (portrait, signatures) →
 * base64url, maps → objects, integers beyond 2^53 → decimal strings. Other tags give their content.
 */
export function cborToClaim(value: CborValue): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  if (Array.isArray(value)) return value.map(cborToClaim);
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, member] of value) setClaim(object, String(key), cborToClaim(member));
    return object;
  }
  if (value instanceof CborTag) return tagToClaim(value);
  return value;
}

function tagToClaim(tag: CborTag): unknown {
  if ((tag.tag === TAG_TDATE || tag.tag === TAG_FULL_DATE) && typeof tag.value === 'string') return tag.value;
  if (tag.tag === TAG_EPOCH && typeof tag.value === 'number') {
    const date = new Date(tag.value * 1000);
    return Number.isNaN(date.getTime()) ? tag.value : date.toISOString();
  }
  if (tag.tag === TAG_ENCODED_CBOR && tag.value instanceof Uint8Array) {
    try {
      return cborToClaim(decodeCbor(tag.value));
    } catch {
      return Buffer.from(tag.value).toString('base64url');
    }
  }
  return cborToClaim(tag.value);
}

/**
 * Sets an own, enumerable member even for "__proto__": keys come from the wallet, and a plain assignment of
 * that key would replace the object's prototype instead of adding a claim.
 */
export function setClaim(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
