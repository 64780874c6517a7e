import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { checkNonce, createNonce } from './c-nonce.codec';

const hmac = (data: Uint8Array) => new Uint8Array(createHmac('sha256', 'secret').update(data).digest());
const otherHmac = (data: Uint8Array) => new Uint8Array(createHmac('sha256', 'other').update(data).digest());
const NOW = 1_760_000_000_000;

describe('c_nonce codec', () => {
  it('creates a 55-char base64url nonce that checks as valid until its expiry', () => {
    const nonce = createNonce({ nowMs: NOW, ttlSeconds: 300, randomBytes, hmac });
    assert.match(nonce, /^[A-Za-z0-9_-]{55}$/);
    assert.deepEqual(checkNonce(nonce, { nowMs: NOW + 299_999, hmac }), { valid: true, expiresAtMs: NOW + 300_000 });
    assert.deepEqual(checkNonce(nonce, { nowMs: NOW + 300_000, hmac }), { valid: false, reason: 'expired' });
  });

  it('makes unpredictable, distinct nonces', () => {
    const a = createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac });
    const b = createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac });
    assert.notEqual(a, b);
  });

  it('detects tampering with the expiry, the random part or the tag', () => {
    const nonce = createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac });
    const bytes = Buffer.from(nonce, 'base64url');
    for (const index of [3, 12, 30]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] as number) ^ 0x01;
      assert.deepEqual(checkNonce(tampered.toString('base64url'), { nowMs: NOW, hmac }), { valid: false, reason: 'bad_signature' });
    }
  });

  it('rejects a nonce made with another key', () => {
    const nonce = createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac: otherHmac });
    assert.deepEqual(checkNonce(nonce, { nowMs: NOW, hmac }), { valid: false, reason: 'bad_signature' });
  });

  it('rejects malformed input', () => {
    for (const bad of ['', 'abc', 'x'.repeat(55) + '!', 'A'.repeat(56), undefined as unknown as string]) {
      assert.deepEqual(checkNonce(bad, { nowMs: NOW, hmac }), { valid: false, reason: 'malformed' });
    }
    const nonce = Buffer.from(createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac }), 'base64url');
    nonce[0] = 2;
    assert.deepEqual(checkNonce(nonce.toString('base64url'), { nowMs: NOW, hmac }), { valid: false, reason: 'malformed' });
  });

  it('refuses a too-short hmac callback', () => {
    assert.throws(() => createNonce({ nowMs: NOW, ttlSeconds: 60, randomBytes, hmac: () => new Uint8Array(8) }), {
      error: 'server_error',
    });
  });
});
