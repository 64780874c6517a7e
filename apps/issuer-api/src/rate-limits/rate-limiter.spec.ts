import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { RateLimitStore } from './rate-limit.store';
import type { RateLimitPolicy, WindowCount } from './rate-limit-window';
import { bucketOf, RateLimiter } from './rate-limiter';

/** A store counting in memory like the SQL statement (one window), recording the statements it was asked for. */
function fakeStore(msLeft = 42_500) {
  const hits = new Map<string, number>();
  const statements: string[] = [];
  const store = {
    count: async (bucket: string, policy: RateLimitPolicy, extra = 0): Promise<WindowCount> => {
      statements.push(bucket);
      const first = (hits.get(bucket) ?? 0) + 1;
      hits.set(bucket, first + extra);
      const spare = first > policy.limit ? 0 : Math.max(0, Math.min(first + extra, policy.limit) - first);
      return { hits: Math.min(first, policy.limit + 1), msLeft, spare };
    },
  };
  return { store: store as unknown as RateLimitStore, statements };
}

/** `store`, whose answer comes 400 ms (mocked time) after the count ran whenever `late(extra)` holds. */
function answeredLate(store: RateLimitStore, late: (extra: number) => boolean): RateLimitStore {
  return {
    count: async (...args: Parameters<RateLimitStore['count']>) => {
      const answer = await store.count(...args);
      if (late(args[2] ?? 0)) mock.timers.tick(400);
      return answer;
    },
  } as unknown as RateLimitStore;
}

/** `slots` tenths of a second, each with `perSlot` concurrent requests of one client spread over the limiters. */
async function load(limiters: RateLimiter[], policy: RateLimitPolicy, slots: number, perSlot: number) {
  const decisions = [];
  for (let slot = 0; slot < slots; slot++) {
    decisions.push(
      ...(await Promise.all(Array.from({ length: perSlot }, (_, i) => limiters[i % limiters.length].consume(policy, '203.0.113.5')))),
    );
    mock.timers.tick(100);
  }
  return decisions;
}

describe('RateLimiter', () => {
  const policy: RateLimitPolicy = { name: 'wallet', limit: 3, windowSeconds: 60 };

  it('allows the limit, refuses with Retry-After, and answers later refusals without a statement', async () => {
    const { store, statements } = fakeStore();
    const limiter = new RateLimiter(store);
    for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.consume(policy, '198.51.100.7'), { allowed: true });
    assert.deepEqual(await limiter.consume(policy, '198.51.100.7'), { allowed: false, retryAfterSeconds: 43 });
    assert.equal(statements.length, 4);
    const again = await limiter.consume(policy, '198.51.100.7');
    assert.equal(again.allowed, false);
    assert.equal(statements.length, 4, 'a known full window is refused locally');
    assert.deepEqual(await limiter.consume(policy, '198.51.100.8'), { allowed: true }, 'another client');
  });

  it('makes no statement for a policy that is off (0)', async () => {
    const { store, statements } = fakeStore();
    const limiter = new RateLimiter(store);
    for (let i = 0; i < 10; i++) assert.deepEqual(await limiter.consume({ ...policy, limit: 0 }, 'a'), { allowed: true });
    assert.equal(statements.length, 0);
  });

  describe('a busy client (permits counted ahead)', () => {
    beforeEach(() => mock.timers.enable({ apis: ['Date'], now: 1_000_000 }));
    afterEach(() => mock.timers.reset());

    it('needs a statement per top-up, not per request', async () => {
      const { store, statements } = fakeStore();
      const decisions = await load([new RateLimiter(store)], { ...policy, limit: 10_000 }, 20, 50);
      assert.equal(decisions.filter((d) => d.allowed).length, 1_000);
      assert.ok(statements.length < 200, `${statements.length} statements for 1,000 requests`);
    });

    it('still lets exactly the limit through on one replica, and never more than it on two', async () => {
      const limit = { ...policy, limit: 400 };
      const one = await load([new RateLimiter(fakeStore().store)], limit, 20, 50);
      assert.equal(one.filter((d) => d.allowed).length, 400);
      const { store } = fakeStore();
      const two = await load([new RateLimiter(store), new RateLimiter(store)], limit, 20, 50);
      const allowed = two.filter((d) => d.allowed).length;
      assert.ok(allowed <= 400 && allowed >= 400 - 2 * 4, `${allowed}: at most 1 % of the limit unused per replica`);
    });

    it('counts each request under a limit below 100, as before', async () => {
      const { store, statements } = fakeStore();
      await load([new RateLimiter(store)], { ...policy, limit: 99 }, 2, 40);
      assert.equal(statements.length, 80);
    });

    it('uses permits until shortly before the window ends, none after', async () => {
      const { store, statements } = fakeStore(1_000);
      const limiter = new RateLimiter(store);
      const busy = { ...policy, limit: 10_000 };
      // Slot 0: 50 requests counted one by one; slot 1 (at 100 ms): a top-up of 100, its window ends at 1,100.
      await load([limiter], busy, 2, 50);
      const before = statements.length;
      mock.timers.tick(849);
      await limiter.consume(busy, '203.0.113.5');
      assert.equal(statements.length, before, 'at 1,049 ms a permit is still good');
      mock.timers.tick(2);
      await limiter.consume(busy, '203.0.113.5');
      assert.equal(statements.length, before + 1, 'at 1,051 ms (50 ms before the window ends) it is counted again');
    });

    it('dates a refusal from when the count was sent, so a slow answer cannot make it outlast the window', async () => {
      const { store, statements } = fakeStore(1_000);
      let slow = false;
      const limiter = new RateLimiter(answeredLate(store, () => slow));
      const small = { ...policy, limit: 3 };
      for (let i = 0; i < 3; i++) await limiter.consume(small, '203.0.113.9');
      slow = true;
      assert.equal((await limiter.consume(small, '203.0.113.9')).allowed, false, 'sent at 0, answered at 400');
      slow = false;
      mock.timers.tick(700); // 1,100 ms after the send: the window (1,000 ms from the count) has ended
      const before = statements.length;
      await limiter.consume(small, '203.0.113.9');
      assert.equal(statements.length, before + 1, 'asked the shared counter again rather than refusing from memory');
    });

    it('lets the requests waiting for a top-up that failed go on: the one that asked gets the error', async () => {
      const { store } = fakeStore();
      let failures = 0;
      const failingOnce = {
        count: async (...args: Parameters<RateLimitStore['count']>) => {
          if (args[2] && failures++ === 0) throw new Error('the database went away');
          return store.count(...args);
        },
      } as unknown as RateLimitStore;
      const limiter = new RateLimiter(failingOnce);
      const busy = { ...policy, limit: 10_000 };
      await load([limiter], busy, 1, 50);
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => limiter.consume(busy, '203.0.113.5')));
      assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
      assert.ok(outcomes.every((o) => o.status === 'rejected' || o.value.allowed));
    });

    it('dates the lease from when the count was sent, so a slow answer cannot stretch it past the window', async () => {
      const { store, statements } = fakeStore(1_000);
      // A top-up's answer comes 400 ms after the database ran the count.
      const limiter = new RateLimiter(answeredLate(store, (extra) => extra > 0));
      const busy = { ...policy, limit: 10_000 };
      await load([limiter], busy, 2, 50);
      const before = statements.length;
      // The top-up was sent at 100 ms (slot 2) and answered at 500; the window ends at 1,100, the lease 50 ms before.
      // Dated from the answer, it would run until 1,450.
      mock.timers.tick(500);
      await limiter.consume(busy, '203.0.113.5');
      assert.equal(statements.length, before + 1);
    });
  });

  it('keys counters by policy and a hash of the client, never the client itself', () => {
    const bucket = bucketOf(policy, '198.51.100.7');
    assert.match(bucket, /^wallet:[\w-]{22}$/);
    assert.ok(!bucket.includes('198.51'));
    assert.notEqual(bucketOf({ ...policy, name: 'login-attempts' }, '198.51.100.7'), bucket);
  });
});
