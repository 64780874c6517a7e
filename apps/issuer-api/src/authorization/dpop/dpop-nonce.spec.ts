import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DpopNonces } from './dpop-nonce';

describe('DpopNonces', () => {
  const key = randomBytes(32);
  const t0 = Date.UTC(2026, 11, 6, 12, 0, 0);

  it('accepts a nonce in its window and the next one, and nothing older', () => {
    const nonces = new DpopNonces(key);
    const nonce = nonces.issue(t0);
    assert.ok(nonces.check(nonce, t0));
    assert.ok(nonces.check(nonce, t0 + 59_000));
    assert.ok(nonces.check(nonce, t0 + 119_000));
    assert.equal(nonces.check(nonce, t0 + 121_000), false);
  });

  it('is shared by replicas with the same key and refused under another key or when altered', () => {
    const nonce = new DpopNonces(key).issue(t0);
    assert.ok(new DpopNonces(Buffer.from(key)).check(nonce, t0));
    assert.equal(new DpopNonces(randomBytes(32)).check(nonce, t0), false);
    assert.equal(new DpopNonces(key).check(`${nonce}x`, t0), false);
    assert.equal(new DpopNonces(key).check('', t0), false);
  });
});
