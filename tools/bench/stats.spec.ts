import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, perUnit, summarizeLatencies } from './stats';

describe('bench statistics', () => {
  it('takes the nearest-rank percentile', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3], 0), 1);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('summarizes unsorted samples', () => {
    assert.deepEqual(summarizeLatencies([30, 10, 20, 40]), { count: 4, p50: 20, p99: 40, max: 40 });
    const empty = summarizeLatencies([]);
    assert.equal(empty.count, 0);
    assert.ok(Number.isNaN(empty.p99));
  });

  it('divides per unit, NaN without units', () => {
    assert.equal(perUnit(10, 4), 2.5);
    assert.ok(Number.isNaN(perUnit(10, 0)));
  });
});
