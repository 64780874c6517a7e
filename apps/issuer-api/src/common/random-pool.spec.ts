import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from './random-pool';

describe('pooledRandomBytes', () => {
  it('returns the requested length, pooled or not', () => {
    for (const n of [0, 1, 16, 32, 256, 257, 4096]) assert.equal(pooledRandomBytes(n).length, n);
  });

  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 2,000 draws of 32 bytes cross the 8 KiB pool several times.
    for (let i = 0; i < 2000; i++) {
      const hex = pooledRandomBytes(32).toString('hex');
      assert.ok(!seen.has(hex), 'a repeated 32-byte draw');
      seen.add(hex);
    }
  });

  it('gives the caller its own copy: a later draw does not change it', () => {
    const first = pooledRandomBytes(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 600; i++) pooledRandomBytes(32);
    assert.deepEqual(first, copy);
  });

  it('looks uniformly random (bit balance over 64 KiB)', () => {
    let ones = 0;
    const total = 65_536;
    for (let i = 0; i < total / 64; i++) for (const byte of pooledRandomBytes(64)) ones += popcount(byte);
    const ratio = ones / (total * 8);
    assert.ok(ratio > 0.49 && ratio < 0.51, `ones ratio ${ratio}`);
  });
});

function popcount(byte: number): number {
  let count = 0;
  for (let b = byte; b; b >>= 1) count += b & 1;
  return count;
}
