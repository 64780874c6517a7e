import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@issuer/platform';
import { parseApiKeyRequest } from './api-key.schema';

const now = new Date('2030-01-01T00:00:00Z');

function errorPaths(body: unknown): string[] {
  try {
    parseApiKeyRequest(body, now);
  } catch (error) {
    assert.ok(error instanceof AppError && error.status === 400);
    return (error.errors ?? []).map((e) => e.path);
  }
  assert.fail('accepted');
}

describe('API key requests', () => {
  it('accept roles and issuers, deduplicated; "*" as every issuer', () => {
    assert.deepEqual(parseApiKeyRequest({ name: 'ci', roles: ['viewer', 'viewer', 'offer-manager'], issuers: ['acme', 'acme'] }, now), {
      name: 'ci',
      roles: ['viewer', 'offer-manager'],
      issuers: ['acme'],
      expiresAt: null,
    });
    const admin = parseApiKeyRequest({ name: 'ops', roles: ['platform-admin'], issuers: ['*'], expiresAt: '2030-02-01T00:00:00Z' }, now);
    assert.equal(admin.issuers, '*');
    assert.equal(admin.expiresAt?.toISOString(), '2030-02-01T00:00:00.000Z');
  });

  it('name each bad field', () => {
    assert.deepEqual(errorPaths({ name: 'x', roles: ['superuser'], issuers: ['acme'] }), ['roles.0']);
    assert.deepEqual(errorPaths({ name: 'x', roles: [], issuers: ['acme'] }), ['roles']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: [] }), ['issuers']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: ['Not A Slug'] }), ['issuers.0']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: ['*', 'acme'] }), ['issuers']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['platform-admin'], issuers: ['acme'] }), ['issuers']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: ['acme'], expiresAt: '2029-12-31T23:59:59Z' }), ['expiresAt']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: ['acme'], expiresAt: 'tomorrow' }), ['expiresAt']);
    assert.deepEqual(errorPaths({ roles: ['viewer'], issuers: ['acme'] }), ['name']);
    assert.deepEqual(errorPaths({ name: 'x', roles: ['viewer'], issuers: ['acme'], key: 'mine' }), ['key']);
  });
});
