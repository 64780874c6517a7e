/** Bits per entry a Token Status List may use (draft-ietf-oauth-status-list §4.1). */
export type TokenStatusBits = 1 | 2 | 4 | 8;
export const TOKEN_STATUS_BITS: readonly TokenStatusBits[] = [1, 2, 4, 8];

/** Status values of draft-ietf-oauth-status-list §7.1; 0x03 and 0x0C-0x0F are application-specific. */
export const TokenStatus = { VALID: 0x00, INVALID: 0x01, SUSPENDED: 0x02 } as const;

/**
 * The uncompressed byte array of an IETF Token Status List (draft-ietf-oauth-status-list §4.1): entry `i`
 * occupies `bits` bits starting at the LEAST significant bit of byte ⌊i·bits/8⌋. Backed by one Uint8Array
 * so a million-entry list is 125 KB (1 bit) and every read or write is O(1).
 */
export class TokenStatusArray {
  readonly bytes: Uint8Array;

  constructor(
    /** Number of entries; the byte length is rounded up so the size in bits is a multiple of 8. */
    readonly size: number,
    readonly bits: TokenStatusBits,
    bytes?: Uint8Array,
  ) {
    if (!TOKEN_STATUS_BITS.includes(bits)) throw new RangeError(`bits must be 1, 2, 4 or 8, got ${String(bits)}`);
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
    const length = Math.ceil((size * bits) / 8);
    if (bytes && bytes.length !== length)
      throw new RangeError(`expected ${length} bytes for ${size} entries of ${bits} bits, got ${bytes.length}`);
    this.bytes = bytes ?? new Uint8Array(length);
  }

  /** Wraps a decoded byte array; the entry count is whatever the bytes hold. */
  static fromBytes(bytes: Uint8Array, bits: TokenStatusBits): TokenStatusArray {
    return new TokenStatusArray((bytes.length * 8) / bits, bits, bytes);
  }

  get(index: number): number {
    this.check(index);
    const perByte = 8 / this.bits;
    const shift = (index % perByte) * this.bits;
    return (this.bytes[Math.floor(index / perByte)] >> shift) & ((1 << this.bits) - 1);
  }

  set(index: number, value: number): void {
    this.check(index);
    const mask = (1 << this.bits) - 1;
    if (!Number.isInteger(value) || value < 0 || value > mask) throw new RangeError(`status ${value} does not fit in ${this.bits} bits`);
    const perByte = 8 / this.bits;
    const shift = (index % perByte) * this.bits;
    const at = Math.floor(index / perByte);
    this.bytes[at] = (this.bytes[at] & ~(mask << shift)) | (value << shift);
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`index ${index} is outside the list (0..${this.size - 1})`);
  }
}
