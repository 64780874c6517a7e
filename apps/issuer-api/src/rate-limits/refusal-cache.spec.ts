import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RefusalCache } from './refusal-cache';

describe('RefusalCache', () => {
  const t0 = 1_000_000;

  it('refuses a bucket until its window ends, then asks the shared counter again', () => {
    const cache = new RefusalCache();
    assert.equal(cache.refusing('wallet:a', t0), undefined);
    cache.remember('wallet:a', 12_000, t0);
    assert.equal(cache.refusing('wallet:a', t0 + 2_000), 10_000);
    assert.equal(cache.refusing('wallet:b', t0 + 2_000), undefined, 'another client');
    assert.equal(cache.refusing('wallet:a', t0 + 12_000), undefined, 'the window ended');
  });

  it('forgets the oldest buckets beyond its bound', () => {
    const cache = new RefusalCache(2);
    cache.remember('a', 60_000, t0);
    cache.remember('b', 60_000, t0);
    cache.remember('c', 60_000, t0);
    assert.equal(cache.refusing('a', t0), undefined);
    assert.equal(cache.refusing('c', t0), 60_000);
  });
});
