/**
 * The bitstring of the W3C status lists (Bitstring Status List v1.0 §4.1, StatusList2021 §2.3): MSB-first,
 * index 0 is the left-most bit of byte 0; entry `i` of `statusSize` bits occupies bits [i·s, i·s+s) with the
 * value's most significant bit first. The opposite bit order of the IETF Token Status List, hence its own class.
 */
export class StatusBitstring {
  readonly bytes: Uint8Array;

  constructor(
    readonly size: number,
    readonly statusSize = 1,
    bytes?: Uint8Array,
  ) {
    if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8)
      throw new RangeError(`statusSize must be 1..8, got ${statusSize}`);
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
    const length = Math.ceil((size * statusSize) / 8);
    if (bytes && bytes.length !== length) throw new RangeError(`expected ${length} bytes for ${size} entries, got ${bytes.length}`);
    this.bytes = bytes ?? new Uint8Array(length);
  }

  /** Wraps decoded bytes; the entry count is whatever the bytes hold. */
  static fromBytes(bytes: Uint8Array, statusSize = 1): StatusBitstring {
    return new StatusBitstring(Math.floor((bytes.length * 8) / statusSize), statusSize, bytes);
  }

  get(index: number): number {
    this.check(index);
    let value = 0;
    for (let b = 0; b < this.statusSize; b++) {
      const position = index * this.statusSize + b;
      value = (value << 1) | ((this.bytes[position >> 3] >> (7 - (position & 7))) & 1);
    }
    return value;
  }

  set(index: number, value: number): void {
    this.check(index);
    if (!Number.isInteger(value) || value < 0 || value >= 1 << this.statusSize) {
      throw new RangeError(`status ${value} does not fit in ${this.statusSize} bits`);
    }
    for (let b = 0; b < this.statusSize; b++) {
      const position = index * this.statusSize + b;
      const mask = 0x80 >> (position & 7);
      if ((value >> (this.statusSize - 1 - b)) & 1) this.bytes[position >> 3] |= mask;
      else this.bytes[position >> 3] &= ~mask;
    }
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`index ${index} is outside the list (0..${this.size - 1})`);
  }
}
