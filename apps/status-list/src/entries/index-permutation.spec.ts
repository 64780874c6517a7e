import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { IndexPermutation } from './index-permutation';

const all = (p: IndexPermutation) => Array.from({ length: p.size }, (_, i) => p.at(i));

describe('index permutation (the order a status list hands out its indexes)', () => {
  it('hands out every index of the list exactly once, whatever the size', () => {
    for (const size of [1, 2, 3, 8, 64, 100, 1000, 131_072]) {
      const order = all(new IndexPermutation(randomBytes(32), size));
      assert.equal(new Set(order).size, size, `size ${size}: no index twice`);
      assert.ok(
        order.every((i) => Number.isInteger(i) && i >= 0 && i < size),
        `size ${size}: inside the list`,
      );
    }
  });

  it('is fixed by the key: the same key gives the same order, another key another one', () => {
    const key = randomBytes(32);
    assert.deepEqual(all(new IndexPermutation(key, 1000)), all(new IndexPermutation(Buffer.from(key), 1000)));
    const other = all(new IndexPermutation(randomBytes(32), 1000));
    const same = all(new IndexPermutation(key, 1000)).filter((v, i) => v === other[i]).length;
    assert.ok(same < 20, `${same} of 1000 positions agree between two keys`);
  });

  it('does not reveal issuance order: consecutive positions land far apart', () => {
    const order = all(new IndexPermutation(randomBytes(32), 131_072)).slice(0, 1000);
    const ascending = order.filter((v, i) => i > 0 && v > order[i - 1]).length;
    assert.ok(ascending > 400 && ascending < 600, `${ascending} of 999 steps go up`);
    assert.ok(Math.max(...order) > 100_000 && Math.min(...order) < 30_000, 'the first thousand spread over the list');
  });

  it('refuses positions outside the list and keys of another length', () => {
    const p = new IndexPermutation(randomBytes(32), 10);
    assert.throws(() => p.at(10), RangeError);
    assert.throws(() => p.at(-1), RangeError);
    assert.throws(() => new IndexPermutation(randomBytes(16), 10), RangeError);
  });
});
