import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, retryAfterSeconds, type RateLimitPolicy } from './rate-limit-window';

describe('rate limit window math', () => {
  const policy: RateLimitPolicy = { name: 'wallet', limit: 5, windowSeconds: 60 };

  it('allows the window count up to the limit and refuses the next', () => {
    for (let hits = 1; hits <= 5; hits++) assert.deepEqual(decide(policy, { hits, msLeft: 30_000 }), { allowed: true }, `${hits}`);
    assert.deepEqual(decide(policy, { hits: 6, msLeft: 30_000 }), { allowed: false, retryAfterSeconds: 30 });
  });

  it('tells a refused client when its window ends, in whole seconds rounded up, within 1 and the window', () => {
    assert.equal(retryAfterSeconds(policy, 59_001), 60);
    assert.equal(retryAfterSeconds(policy, 1_000), 1);
    assert.equal(retryAfterSeconds(policy, 1), 1);
    assert.equal(retryAfterSeconds(policy, 0), 1, 'a window ending now: come back in a second, not 0');
    assert.equal(retryAfterSeconds(policy, 90_000), 60, 'never beyond the window (a clock jump)');
  });
});
