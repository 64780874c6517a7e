import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyHash, apiKeyPrefixOf, apiKeyUsable, isApiKeyFormat, newApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('are isk_ and 256 random bits, different every time', () => {
    const key = newApiKey();
    assert.match(key, /^isk_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(newApiKey(), key);
    assert.ok(isApiKeyFormat(key));
    assert.ok(!isApiKeyFormat('test-admin-0123456789'));
  });

  it('are stored as a SHA-256 that is stable and reveals nothing of the key', () => {
    const key = newApiKey();
    assert.equal(apiKeyHash(key), apiKeyHash(key));
    assert.notEqual(apiKeyHash(key), apiKeyHash(newApiKey()));
    assert.ok(!apiKeyHash(key).includes(key.slice(4, 12)));
    assert.equal(apiKeyPrefixOf(key), key.slice(0, 8));
  });

  it('work until revoked or expired', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    assert.ok(apiKeyUsable({ revokedAt: null, expiresAt: null }, now));
    assert.ok(apiKeyUsable({ revokedAt: null, expiresAt: new Date('2030-01-01T00:00:01Z') }, now));
    assert.ok(!apiKeyUsable({ revokedAt: null, expiresAt: now }, now), 'expired at the instant of expiry');
    assert.ok(!apiKeyUsable({ revokedAt: null, expiresAt: new Date('2029-12-31T23:59:59Z') }, now));
    assert.ok(!apiKeyUsable({ revokedAt: new Date('2029-01-01T00:00:00Z'), expiresAt: null }, now));
  });
});
