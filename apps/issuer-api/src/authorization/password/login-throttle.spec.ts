import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);

  it('allows `limit` attempts per address in the window, then refuses until the oldest leaves it', () => {
    const throttle = new LoginThrottle(3, 60_000);
    assert.ok(throttle.attempt('a', t0));
    assert.ok(throttle.attempt('a', t0 + 10_000));
    assert.ok(throttle.attempt('a', t0 + 20_000));
    assert.equal(throttle.attempt('a', t0 + 30_000), false);
    assert.equal(throttle.retryAfterSeconds('a', t0 + 30_000), 30);
    assert.ok(throttle.attempt('b', t0 + 30_000), 'another address has its own window');
    assert.ok(throttle.attempt('a', t0 + 60_001), 'the first attempt left the window');
    assert.equal(throttle.attempt('a', t0 + 60_002), false, 'refused attempts were not counted, the others still are');
    assert.equal(throttle.retryAfterSeconds('c', t0), 0);
  });

  it('forgets the least recently active addresses beyond its bound', () => {
    const throttle = new LoginThrottle(1, 60_000, 2);
    assert.ok(throttle.attempt('a', t0));
    assert.ok(throttle.attempt('b', t0));
    assert.ok(throttle.attempt('c', t0));
    assert.ok(throttle.attempt('a', t0), 'a was forgotten');
    assert.equal(throttle.attempt('c', t0), false, 'c is remembered');
  });
});
