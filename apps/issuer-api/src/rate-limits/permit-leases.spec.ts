import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PermitLeases } from './permit-leases';
import type { RateLimitPolicy } from './rate-limit-window';

const busy: RateLimitPolicy = { name: 'wallet', limit: 10_000, windowSeconds: 60 };

/** `n` requests of `bucket` in the tenth of a second starting at `at`; how many found a permit. */
function arrive(leases: PermitLeases, bucket: string, n: number, at: number): number {
  let taken = 0;
  for (let i = 0; i < n; i++) if (leases.take(bucket, at + i)) taken++;
  return taken;
}

describe('PermitLeases', () => {
  it('asks for nothing extra for a client that is not busy yet, or under a limit below 100', () => {
    const leases = new PermitLeases();
    assert.equal(leases.take('a', 1_000), false);
    assert.equal(leases.startTopUp('a', busy), undefined, 'no arrivals in the slot before');
    arrive(leases, 'b', 40, 1_000);
    arrive(leases, 'b', 1, 1_100);
    assert.equal(leases.startTopUp('b', { ...busy, limit: 99 }), undefined, '1 % of 99 is no permit');
  });

  it('tops up about two slots of the last slot’s arrivals, capped at 1 % of the limit, once until it returns', () => {
    const leases = new PermitLeases();
    assert.equal(arrive(leases, 'a', 30, 1_000), 0);
    assert.equal(leases.take('a', 1_100), false);
    const topUp = leases.startTopUp('a', busy)!;
    assert.equal(topUp.extra, 60);
    assert.equal(leases.startTopUp('a', busy), undefined, 'one top-up in flight per bucket');
    leases.refilled(topUp, 60, 59_000, 1_100);
    assert.equal(arrive(leases, 'a', 60, 1_110), 60, 'the next 60 requests need no statement');
    assert.equal(leases.take('a', 1_180), false);
    assert.equal(leases.startTopUp('a', { ...busy, limit: 2_000 })?.extra, 20, 'capped at 1 % of the limit');
  });

  it('keeps only the permits within the limit, and none after the window it was counted in', () => {
    const leases = new PermitLeases();
    arrive(leases, 'a', 30, 1_000);
    leases.take('a', 1_100);
    leases.refilled(leases.startTopUp('a', busy)!, 5, 1_000, 1_100);
    assert.equal(arrive(leases, 'a', 5, 1_200), 5);
    assert.equal(leases.take('a', 1_210), false, 'only the 5 spare ones');
    // Asked at 2,000 (the answer may come much later): the window ends at 3,000, the lease a margin before.
    leases.refilled(leases.startTopUp('a', busy)!, 50, 1_000, 2_000);
    assert.equal(leases.take('a', 2_949), true);
    assert.equal(leases.take('a', 2_951), false);
  });

  it('waits are ended by a failed top-up too, and the next request may ask again', async () => {
    const leases = new PermitLeases();
    arrive(leases, 'a', 10, 1_000);
    leases.take('a', 1_100);
    const topUp = leases.startTopUp('a', busy)!;
    const waiting = leases.refillInFlight('a')!;
    leases.refillFailed(topUp);
    await waiting;
    assert.equal(leases.refillInFlight('a'), undefined);
    assert.equal(leases.startTopUp('a', busy)?.extra, 20);
  });

  it('forgets the least recently active bucket first, not a busy one added early', () => {
    const leases = new PermitLeases(2);
    arrive(leases, 'a', 10, 1_000);
    arrive(leases, 'b', 10, 1_000);
    leases.take('a', 1_100);
    leases.take('c', 1_100);
    assert.equal(leases.startTopUp('a', busy)?.extra, 20, 'a, added first but active since, is kept');
    assert.equal(leases.startTopUp('b', busy), undefined, 'b was forgotten');
  });

  it('forgets the oldest buckets beyond its bound; a top-up of a forgotten bucket refills nothing newer', () => {
    const leases = new PermitLeases(2);
    arrive(leases, 'a', 10, 1_000);
    leases.take('a', 1_100);
    const stale = leases.startTopUp('a', busy)!;
    for (const bucket of ['b', 'c']) {
      arrive(leases, bucket, 10, 1_000);
      leases.take(bucket, 1_100);
    }
    assert.equal(leases.startTopUp('a', busy), undefined, 'a was forgotten');
    arrive(leases, 'a', 10, 1_150);
    assert.equal(leases.take('a', 1_200), false, 'a starts afresh');
    const fresh = leases.startTopUp('a', busy)!;
    leases.refilled(stale, 20, 59_000, 1_100);
    assert.equal(leases.take('a', 1_210), false, 'the stale top-up filled the forgotten state, not the new one');
    assert.ok(leases.refillInFlight('a'), 'nor ended the new state’s own top-up');
    leases.refillFailed(fresh);
    assert.equal(leases.startTopUp('c', busy)?.extra, 20);
  });
});
