import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { TtlCache } from './ttl-cache';

/** A controllable clock: the cache reads Date.now(). */
function clock(t: TestContext, start = 1_000_000): { advance(ms: number): void } {
  let now = start;
  t.mock.method(Date, 'now', () => now);
  return { advance: (ms) => void (now += ms) };
}

describe('TtlCache', () => {
  it('returns what was set until the TTL elapses, then forgets it', (t) => {
    const time = clock(t);
    const cache = new TtlCache<string, number>(1000);
    assert.equal(cache.get('a'), undefined);
    cache.set('a', 1);
    assert.equal(cache.get('a'), 1);
    time.advance(999);
    assert.equal(cache.get('a'), 1);
    time.advance(1);
    assert.equal(cache.get('a'), undefined, 'expires exactly at the TTL');
  });

  it('restarts the TTL when a key is set again', (t) => {
    const time = clock(t);
    const cache = new TtlCache<string, string>(1000);
    cache.set('a', 'v1');
    time.advance(800);
    cache.set('a', 'v2');
    time.advance(800);
    assert.equal(cache.get('a'), 'v2');
  });

  it('caches falsy values other than undefined', () => {
    const cache = new TtlCache<string, unknown>(1000);
    cache.set('zero', 0);
    cache.set('empty', '');
    cache.set('null', null);
    assert.equal(cache.get('zero'), 0);
    assert.equal(cache.get('empty'), '');
    assert.equal(cache.get('null'), null);
  });

  it('evicts the least recently used entry when full (a read counts as a use)', () => {
    const cache = new TtlCache<string, number>(60_000, 3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.get('a'), 1); // a is now the most recently used
    cache.set('d', 4);
    assert.equal(cache.get('b'), undefined, 'b went: the least recently used');
    assert.deepEqual(
      ['a', 'c', 'd'].map((k) => cache.get(k)),
      [1, 3, 4],
    );
  });

  it('evicts the oldest entry when full and none was read', () => {
    const cache = new TtlCache<string, number>(60_000, 3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('d', 4);
    assert.equal(cache.get('a'), undefined);
    assert.deepEqual(
      ['b', 'c', 'd'].map((k) => cache.get(k)),
      [2, 3, 4],
    );
  });

  it('does not evict another entry when a key already present is overwritten at capacity', () => {
    const cache = new TtlCache<string, number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('b', 20);
    assert.equal(cache.get('a'), 1, 'a must survive: the cache did not grow');
    assert.equal(cache.get('b'), 20);
  });

  it('treats a rewritten key as the newest when choosing what to evict', () => {
    const cache = new TtlCache<string, number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10); // a is now the most recently written
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 10);
    assert.equal(cache.get('c'), 3);
  });

  it('never holds more than maxEntries', () => {
    const cache = new TtlCache<number, number>(60_000, 5);
    for (let i = 0; i < 50; i++) cache.set(i % 7, i);
    const present = Array.from({ length: 7 }, (_, k) => cache.get(k)).filter((v) => v !== undefined);
    assert.ok(present.length <= 5, `holds ${present.length}`);
  });

  it('delete and clear remove entries', () => {
    const cache = new TtlCache<string, number>(60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 2);
    cache.clear();
    assert.equal(cache.get('b'), undefined);
  });

  it('getOrLoad loads once, serves hits from the cache and reloads after expiry', async (t) => {
    const time = clock(t);
    const cache = new TtlCache<string, string>(1000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    assert.equal(await cache.getOrLoad('k', load), 'v1');
    assert.equal(await cache.getOrLoad('k', load), 'v1');
    assert.equal(loads, 1);
    time.advance(1000);
    assert.equal(await cache.getOrLoad('k', load), 'v2');
    assert.equal(loads, 2);
  });

  it('getOrLoad loads once for concurrent callers of a missing or expired key (single flight)', async (t) => {
    const time = clock(t);
    const cache = new TtlCache<string, string>(1000);
    let loads = 0;
    let release!: () => void;
    const load = () => new Promise<string>((resolve) => (release = () => resolve(`v${++loads}`)));
    const callers = Array.from({ length: 10 }, () => cache.getOrLoad('k', load));
    release();
    assert.deepEqual(await Promise.all(callers), Array(10).fill('v1'));
    assert.equal(loads, 1, 'one load for ten callers');
    time.advance(1000);
    const again = Array.from({ length: 5 }, () => cache.getOrLoad('k', load));
    release();
    assert.deepEqual(await Promise.all(again), Array(5).fill('v2'));
    assert.equal(loads, 2, 'one reload after expiry');
  });

  it('getOrLoad shares a failed load with the callers that waited for it, and does not keep the failure', async () => {
    const cache = new TtlCache<string, string>(1000);
    let loads = 0;
    let fail!: () => void;
    const failing = () => new Promise<string>((_, reject) => (fail = () => reject(new Error(`down ${++loads}`))));
    const callers = [cache.getOrLoad('k', failing), cache.getOrLoad('k', failing)];
    fail();
    for (const caller of callers) await assert.rejects(caller, /down 1/);
    assert.equal(await cache.getOrLoad('k', async () => 'up'), 'up', 'the next caller loads again');
  });

  it('getOrLoad does not cache a failed load', async () => {
    const cache = new TtlCache<string, string>(1000);
    await assert.rejects(
      cache.getOrLoad('k', async () => Promise.reject(new Error('not found'))),
      /not found/,
    );
    assert.equal(cache.get('k'), undefined);
    assert.equal(await cache.getOrLoad('k', async () => 'loaded'), 'loaded');
  });

  it('getOrLoad does not cache a value loaded across a delete or clear (it may predate the write)', async () => {
    const cache = new TtlCache<string, string>(1000);
    for (const invalidate of [() => cache.delete('k'), () => cache.clear(), () => cache.delete('other')]) {
      let release!: (value: string) => void;
      const inFlight = cache.getOrLoad('k', () => new Promise<string>((resolve) => (release = resolve)));
      invalidate(); // the write commits and invalidates while the read of the old state is still in flight
      const late = cache.getOrLoad('k', async () => 'INACTIVE (read after the write)');
      release('ACTIVE (read before the write)');
      assert.equal(await late, 'INACTIVE (read after the write)', 'a caller after the invalidation does not join the old load');
      cache.clear();
      assert.equal(await inFlight, 'ACTIVE (read before the write)', 'the overlapping caller still gets its answer');
      assert.equal(cache.get('k'), undefined, 'but it is not cached');
      assert.equal(await cache.getOrLoad('k', async () => 'INACTIVE'), 'INACTIVE', 'the next read loads the new state');
      cache.clear();
    }
  });
});
