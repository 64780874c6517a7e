import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RateLimitStore } from './rate-limit.store';
import type { RateLimitPolicy, WindowCount } from './rate-limit-window';
import { bucketOf, RateLimiter } from './rate-limiter';

/** A store counting in memory like the SQL statement, recording the statements it was asked for. */
function fakeStore(msLeft = 42_500) {
  const hits = new Map<string, number>();
  const statements: string[] = [];
  const store = {
    count: async (bucket: string, policy: RateLimitPolicy): Promise<WindowCount> => {
      statements.push(bucket);
      hits.set(bucket, Math.min((hits.get(bucket) ?? 0) + 1, policy.limit + 1));
      return { hits: hits.get(bucket)!, msLeft };
    },
  };
  return { store: store as unknown as RateLimitStore, statements };
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

  it('keys counters by policy and a hash of the client, never the client itself', () => {
    const bucket = bucketOf(policy, '198.51.100.7');
    assert.match(bucket, /^wallet:[\w-]{22}$/);
    assert.ok(!bucket.includes('198.51'));
    assert.notEqual(bucketOf({ ...policy, name: 'login-attempts' }, '198.51.100.7'), bucket);
  });
});
