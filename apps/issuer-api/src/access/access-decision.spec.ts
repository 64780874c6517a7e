import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@issuer/platform';
import { authorize, type AccessLookups, type AccessRequest } from './access-decision';
import { permissionFor, type Permission } from './admin-permissions';
import type { Principal } from './principal';
import type { Role } from './role';

const ISSUERS = new Set(['acme', 'globex']);
const OWNERS: Record<string, string | null> = { 'key:k-acme': 'acme', 'key:k-globex': 'globex', 'did:did:key:zAcme': 'acme' };
const lookups: AccessLookups = {
  issuerExists: (issuerId) => Promise.resolve(ISSUERS.has(issuerId)),
  ownerOf: (kind, id) => Promise.resolve(OWNERS[`${kind}:${id}`] ?? null),
};

const principal = (roles: Role[], issuers: string[] | '*' = ['acme']): Principal => ({ type: 'api-key', id: 'k1', roles, issuers });

function entry(method: string, route: string): Permission {
  const permission = permissionFor(method, route);
  assert.ok(permission, `${method} ${route}`);
  return permission;
}

/** The outcome of one decision: 'allowed', or `<status> <detail>`. */
async function outcome(who: Principal, method: string, route: string, request: Partial<AccessRequest> = {}): Promise<string> {
  try {
    await authorize(who, entry(method, route), { method, params: {}, body: undefined, ...request }, lookups);
    return 'allowed';
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    const fields = error.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    return `${error.status} ${error.message}${fields ? ` [${fields}]` : ''}`;
  }
}

const SESSION = '/api/v1/issuers/:issuerId/sessions/:sessionId';
const STATUS = '/api/v1/issuers/:issuerId/sessions/:sessionId/status';

describe('access decisions', () => {
  it('issuer routes: the role on an issuer in scope', async () => {
    const params = { issuerId: 'acme', sessionId: 's1' };
    assert.equal(await outcome(principal(['viewer']), 'GET', SESSION, { params }), 'allowed');
    assert.equal(await outcome(principal(['status-manager']), 'PUT', STATUS, { params }), 'allowed');
    assert.equal(await outcome(principal(['issuer-admin']), 'PUT', STATUS, { params }), 'allowed');
    assert.equal(await outcome(principal(['viewer']), 'PUT', STATUS, { params }), '403 requires status-manager on acme');
    assert.equal(await outcome(principal(['offer-manager']), 'PUT', STATUS, { params }), '403 requires status-manager on acme');
  });

  it('a read of an issuer out of scope is the 404 of a missing issuer, whether or not it exists', async () => {
    const who = principal(['issuer-admin']);
    const existing = await outcome(who, 'GET', SESSION, { params: { issuerId: 'globex', sessionId: 's1' } });
    assert.equal(existing, '404 issuer globex not found');
    assert.equal(await outcome(who, 'GET', SESSION, { params: { issuerId: 'nosuch', sessionId: 's1' } }), '404 issuer nosuch not found');
    // In scope but missing: the same answer, from the same place.
    assert.equal(
      await outcome(principal(['viewer'], ['acme', 'later']), 'GET', SESSION, { params: { issuerId: 'later' } }),
      '404 issuer later not found',
    );
  });

  it('a change to an issuer out of scope is 403 naming role and issuer, existing or not', async () => {
    const who = principal(['issuer-admin']);
    assert.equal(await outcome(who, 'PUT', STATUS, { params: { issuerId: 'globex' } }), '403 requires status-manager on globex');
    assert.equal(await outcome(who, 'PUT', STATUS, { params: { issuerId: 'nosuch' } }), '403 requires status-manager on nosuch');
  });

  it('"*" reaches every issuer; platform routes need platform-admin whatever the scope', async () => {
    const everywhere = principal(['issuer-admin'], '*');
    assert.equal(await outcome(everywhere, 'GET', SESSION, { params: { issuerId: 'globex' } }), 'allowed');
    assert.equal(await outcome(everywhere, 'POST', '/api/v1/api-keys'), '403 requires platform-admin');
    assert.equal(await outcome(everywhere, 'PUT', '/api/v1/retention'), '403 requires platform-admin');
    assert.equal(await outcome(principal(['platform-admin'], '*'), 'POST', '/api/v1/api-keys'), 'allowed');
  });

  it('listings: any role anywhere (the handler filters)', async () => {
    assert.equal(await outcome(principal(['status-manager']), 'GET', '/api/v1/issuers'), 'allowed');
    assert.equal(await outcome(principal([]), 'GET', '/api/v1/issuers'), '403 requires viewer');
  });

  it('new issuers: the id in scope, else 403; a missing id is a 400 naming it', async () => {
    const route = '/api/v1/issuers';
    assert.equal(await outcome(principal(['issuer-admin'], ['acme', 'new-one']), 'POST', route, { body: { id: 'new-one' } }), 'allowed');
    assert.equal(
      await outcome(principal(['issuer-admin']), 'POST', route, { body: { id: 'new-one' } }),
      '403 requires issuer-admin on new-one',
    );
    assert.equal(await outcome(principal(['viewer']), 'POST', route, { body: { id: 'acme' } }), '403 requires issuer-admin on acme');
    assert.equal(await outcome(principal(['issuer-admin']), 'POST', route, { body: {} }), '400 The request is invalid [id: is required]');
    assert.match(await outcome(principal(['issuer-admin']), 'POST', route, { body: { id: 'A B' } }), /^400 .*\[id: /);
  });

  it('resources created for an issuer (body issuerId) or, without one, for the platform', async () => {
    const route = '/api/v1/keys';
    assert.equal(await outcome(principal(['issuer-admin']), 'POST', route, { body: { type: 'ed25519', issuerId: 'acme' } }), 'allowed');
    assert.equal(await outcome(principal(['viewer']), 'POST', route, { body: { issuerId: 'acme' } }), '403 requires issuer-admin on acme');
    assert.equal(
      await outcome(principal(['issuer-admin']), 'POST', route, { body: { issuerId: 'globex' } }),
      '403 requires issuer-admin on globex',
    );
    assert.equal(
      await outcome(principal(['issuer-admin'], '*'), 'POST', route, { body: { issuerId: 'nosuch' } }),
      '400 The request is invalid [issuerId: issuer nosuch does not exist]',
    );
    assert.equal(
      await outcome(principal(['issuer-admin'], '*'), 'POST', route, { body: { type: 'ed25519' } }),
      '403 requires platform-admin (without issuerId it belongs to the platform)',
    );
    assert.equal(await outcome(principal(['platform-admin'], '*'), 'POST', route, { body: { type: 'ed25519' } }), 'allowed');
  });

  it('owned resources: the role on the owner; another issuer’s or the platform’s read as missing to a scoped principal', async () => {
    const get = '/api/v1/keys/:keyId';
    const remove = '/api/v1/keys/:keyId';
    assert.equal(await outcome(principal(['viewer']), 'GET', get, { params: { keyId: 'k-acme' } }), 'allowed');
    assert.equal(
      await outcome(principal(['viewer']), 'DELETE', remove, { params: { keyId: 'k-acme' } }),
      '403 requires issuer-admin on acme',
    );
    assert.equal(await outcome(principal(['issuer-admin']), 'DELETE', remove, { params: { keyId: 'k-acme' } }), 'allowed');
    for (const keyId of ['k-globex', 'k-platform', 'k-missing']) {
      assert.equal(await outcome(principal(['issuer-admin']), 'GET', get, { params: { keyId } }), `404 key ${keyId} not found`);
      assert.equal(await outcome(principal(['issuer-admin']), 'DELETE', remove, { params: { keyId } }), `404 key ${keyId} not found`);
    }
    const did = '/api/v1/dids/*';
    assert.equal(await outcome(principal(['issuer-admin']), 'DELETE', did, { params: { '*': 'did:key:zAcme' } }), 'allowed');
    assert.equal(
      await outcome(principal(['issuer-admin'], ['globex']), 'DELETE', did, { params: { '*': 'did:key:zAcme' } }),
      '404 DID did:key:zAcme not found',
    );
  });

  it('platform resources: read by principals of every issuer, used by platform-admin only', async () => {
    const everywhere = principal(['issuer-admin'], '*');
    assert.equal(await outcome(everywhere, 'GET', '/api/v1/keys/:keyId', { params: { keyId: 'k-platform' } }), 'allowed');
    assert.equal(
      await outcome(everywhere, 'DELETE', '/api/v1/keys/:keyId', { params: { keyId: 'k-platform' } }),
      '403 requires platform-admin',
    );
    assert.equal(
      await outcome(principal(['platform-admin'], '*'), 'DELETE', '/api/v1/keys/:keyId', { params: { keyId: 'k-platform' } }),
      'allowed',
    );
  });
});
