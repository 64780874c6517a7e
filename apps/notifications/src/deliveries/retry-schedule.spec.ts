import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailure, parseDelays, type RetryPolicy } from './retry-schedule';

const policy: RetryPolicy = { delaysMs: parseDelays('0s,5s,15s,45s,2m,5m,15m'), maxAttempts: 20, maxAgeMs: 24 * 3600_000, jitter: 0.2 };
const t0 = new Date('2026-01-01T00:00:00Z');

describe('webhook retry schedule', () => {
  it('parses delay lists and names a bad entry', () => {
    assert.deepEqual(parseDelays('0s, 500ms,2m,1h'), [0, 500, 120_000, 3_600_000]);
    assert.throws(() => parseDelays('5s,soon'), /"soon"/);
  });

  it('follows API.md §10 (5 s, 15 s, 45 s, 2 min, 5 min, then every 15 min) without jitter at the midpoint', () => {
    const mid = () => 0.5;
    const delays = [1, 2, 3, 4, 5, 6, 7, 12].map((attempts) => {
      const next = afterFailure(policy, attempts, t0, t0, mid);
      assert.equal(next.status, 'PENDING');
      return next.status === 'PENDING' ? (next.nextAttemptAt.getTime() - t0.getTime()) / 1000 : -1;
    });
    assert.deepEqual(delays, [5, 15, 45, 120, 300, 900, 900, 900]);
  });

  it('spreads retries by ±20 %', () => {
    const at = (r: number) => (afterFailure(policy, 1, t0, t0, () => r) as { nextAttemptAt: Date }).nextAttemptAt.getTime() - t0.getTime();
    assert.equal(at(0), 4000);
    assert.equal(at(0.999999), 6000);
  });

  it('gives up (DEAD) after the last attempt or when the next one would pass the maximum age', () => {
    assert.deepEqual(afterFailure(policy, 20, t0, t0), { status: 'DEAD' });
    const late = new Date(t0.getTime() + 24 * 3600_000 - 60_000);
    assert.deepEqual(
      afterFailure(policy, 10, t0, late, () => 0.5),
      { status: 'DEAD' },
    );
  });
});
