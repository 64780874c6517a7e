import { createCipheriv } from 'node:crypto';

const ROUNDS = 6;
const BLOCK = 16;

/**
 * A keyed pseudo-random permutation of [0, size): the order a list hands out its indexes. Position p (the p-th
 * allocation) gets index `at(p)`, so allocation needs no probing for free indexes and no scan when the list is
 * nearly full, and every index is handed out exactly once. Herd privacy: without the list's secret key, an index
 * says nothing about when its credential was issued.
 *
 * A balanced Feistel network over the smallest even power of two ≥ size, cycle walking back into [0, size). Its
 * round function is AES-256 of (round, half) under the key, tabulated once: a half has at most 15 bits, so the table
 * holds ROUNDS × 2^half values (24 KiB for a million entries) and is filled by one AES call over all of them; an
 * evaluation is then a few table lookups.
 */
export class IndexPermutation {
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly table: Uint32Array;

  constructor(
    key: Uint8Array,
    readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 30) throw new RangeError(`size must be 1..2^30, got ${size}`);
    if (key.length !== 32) throw new RangeError('the permutation key has 32 bytes');
    this.halfBits = Math.max(1, Math.ceil(Math.ceil(Math.log2(size)) / 2));
    this.mask = (1 << this.halfBits) - 1;
    const halves = 1 << this.halfBits;
    const blocks = Buffer.alloc(ROUNDS * halves * BLOCK);
    for (let round = 0; round < ROUNDS; round++)
      for (let half = 0; half < halves; half++) {
        const at = (round * halves + half) * BLOCK;
        blocks.writeUInt8(round, at);
        blocks.writeUInt32BE(half, at + 1);
      }
    // ECB over distinct one-block inputs: each block is one evaluation of the round function (a PRF), not a message.
    const prf = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(blocks);
    this.table = new Uint32Array(ROUNDS * halves);
    for (let i = 0; i < this.table.length; i++) this.table[i] = prf.readUInt32BE(i * BLOCK) & this.mask;
  }

  at(position: number): number {
    if (!Number.isInteger(position) || position < 0 || position >= this.size)
      throw new RangeError(`position ${position} is outside 0..${this.size - 1}`);
    // The domain is less than 4 × size, so a walk takes a few steps on average.
    let value = this.encrypt(position);
    while (value >= this.size) value = this.encrypt(value);
    return value;
  }

  private encrypt(value: number): number {
    let left = value >>> this.halfBits;
    let right = value & this.mask;
    for (let round = 0; round < ROUNDS; round++) {
      const next = left ^ this.table[(round << this.halfBits) | right];
      left = right;
      right = next;
    }
    return ((left << this.halfBits) | right) >>> 0;
  }
}
