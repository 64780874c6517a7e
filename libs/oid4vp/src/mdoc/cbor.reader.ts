/**
 * A strict CBOR reader (RFC 8949) for untrusted presentations. cbor-x is the encoder here (as in the issuer), but
 * its decoder is not used on wallet input because its tag handlers are one process-wide table: any package that
 * calls `addExtension` (@owf/mdoc turns tag 24 into its own DataItem, tag 0 into Date, tag 1004 into DateOnly)
 * changes what it returns, and it also honours cbor-x's value-sharing, record and packed-table tags. This reader
 * knows no tags: every tag comes back as a {@link CborTag} holding the exact bytes it was sent as, which is what
 * ISO/IEC 18013-5 digests are computed over.
 */

/** A tagged item: tag number, content, and the encoded bytes of the whole item (tag head included). */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
    readonly encoded: Uint8Array,
  ) {}
}

/** Map keys mdoc, COSE and CWT use: text and integers. */
export type CborKey = string | number;
export type CborMap = Map<CborKey, CborValue>;
export type CborValue = number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | CborMap | CborTag;

export class CborDecodeError extends Error {
  override readonly name = 'CborDecodeError';
}

// Deep enough for any mdoc element value; stops a crafted input from exhausting the stack.
const MAX_DEPTH = 64;
const BREAK = 0xff;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes exactly one CBOR item; trailing bytes, duplicate map keys and reserved encodings are refused. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new Reader(bytes);
  const value = reader.item(0);
  if (reader.offset !== bytes.length) throw new CborDecodeError(`${bytes.length - reader.offset} bytes after the CBOR item`);
  return value;
}

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  item(depth: number): CborValue {
    if (depth > MAX_DEPTH) throw new CborDecodeError(`nesting deeper than ${MAX_DEPTH}`);
    const start = this.offset;
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simple(info);
    if (info === 31) return this.indefinite(major, depth);
    const argument = this.argument(info);
    switch (major) {
      case 0:
        return argument;
      case 1:
        return typeof argument === 'bigint' ? -1n - argument : -1 - argument;
      case 2:
        return this.take(this.length(argument)).slice();
      case 3:
        return this.text(this.take(this.length(argument)));
      case 4: {
        const count = this.count(argument);
        const array: CborValue[] = [];
        for (let i = 0; i < count; i++) array.push(this.item(depth + 1));
        return array;
      }
      case 5: {
        const count = this.count(argument, 2);
        const map: CborMap = new Map();
        for (let i = 0; i < count; i++) this.entry(map, depth);
        return map;
      }
      default: {
        const tag = this.length(argument);
        const value = this.item(depth + 1);
        return new CborTag(tag, value, this.bytes.slice(start, this.offset));
      }
    }
  }

  private entry(map: CborMap, depth: number): void {
    const key = this.item(depth + 1);
    if (typeof key !== 'string' && typeof key !== 'number') throw new CborDecodeError('map keys must be text or integers');
    // RFC 8949 §5.6: a map with a duplicate key is not valid; two readers could each pick a different value.
    if (map.has(key)) throw new CborDecodeError(`duplicate map key ${JSON.stringify(key)}`);
    map.set(key, this.item(depth + 1));
  }

  private indefinite(major: number, depth: number): CborValue {
    if (major === 2 || major === 3) {
      const chunks: Uint8Array[] = [];
      while (!this.atBreak()) {
        const head = this.byte();
        if (head >> 5 !== major || (head & 0x1f) === 31)
          throw new CborDecodeError('indefinite string chunks must be definite strings of the same type');
        chunks.push(this.take(this.length(this.argument(head & 0x1f))));
      }
      const joined = new Uint8Array(Buffer.concat(chunks));
      return major === 2 ? joined : this.text(joined);
    }
    if (major === 4) {
      const array: CborValue[] = [];
      while (!this.atBreak()) array.push(this.item(depth + 1));
      return array;
    }
    if (major === 5) {
      const map: CborMap = new Map();
      while (!this.atBreak()) this.entry(map, depth);
      return map;
    }
    throw new CborDecodeError(`major type ${major} has no indefinite length`);
  }

  private simple(info: number): CborValue {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    if (info >= 25 && info <= 27) {
      const size = 1 << (info - 24); // binary16, binary32, binary64
      const bytes = this.take(size);
      const view = new DataView(bytes.buffer, bytes.byteOffset, size);
      return size === 2 ? halfToNumber(view.getUint16(0)) : size === 4 ? view.getFloat32(0) : view.getFloat64(0);
    }
    throw new CborDecodeError(info === 31 ? 'unexpected break' : `unsupported simple value ${info}`);
  }

  private argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) return this.uint(2);
    if (info === 26) return this.uint(4);
    if (info === 27) {
      const high = this.uint(4);
      const low = this.uint(4);
      const value = (BigInt(high) << 32n) | BigInt(low);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    throw new CborDecodeError(`reserved additional information ${info}`);
  }

  /** A length or tag number: must fit a JS number (no input is that large anyway). */
  private length(argument: number | bigint): number {
    if (typeof argument === 'bigint') throw new CborDecodeError('length too large');
    return argument;
  }

  /** An element count, checked against the bytes left so a forged header cannot make us allocate gigabytes. */
  private count(argument: number | bigint, bytesPerElement = 1): number {
    const count = this.length(argument);
    if (count * bytesPerElement > this.bytes.length - this.offset) throw new CborDecodeError('container longer than the input');
    return count;
  }

  private atBreak(): boolean {
    if (this.offset >= this.bytes.length) throw new CborDecodeError('missing break');
    if (this.bytes[this.offset] !== BREAK) return false;
    this.offset++;
    return true;
  }

  private byte(): number {
    if (this.offset >= this.bytes.length) throw new CborDecodeError('unexpected end of input');
    return this.bytes[this.offset++]!;
  }

  private uint(size: number): number {
    let value = 0;
    for (const b of this.take(size)) value = value * 256 + b;
    return value;
  }

  private take(size: number): Uint8Array {
    if (size > this.bytes.length - this.offset) throw new CborDecodeError('unexpected end of input');
    this.offset += size;
    return this.bytes.subarray(this.offset - size, this.offset);
  }

  private text(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch (cause) {
      throw new CborDecodeError('text string is not valid UTF-8', { cause });
    }
  }
}

/** IEEE 754 binary16 (RFC 8949 Appendix D). */
function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
