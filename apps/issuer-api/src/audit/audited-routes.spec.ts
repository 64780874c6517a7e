import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_PERMISSIONS } from '../access/admin-permissions';
import { AUDITED_ROUTES, auditedRouteOf } from './audited-routes';

const changeRoutes = Object.keys(ADMIN_PERMISSIONS).filter((key) => !key.startsWith('GET '));

describe('audited routes (the action of every admin change)', () => {
  it('names every change route of the permission table (a missing one fails here)', () => {
    assert.ok(changeRoutes.length >= 30, `${changeRoutes.length} change routes in the permission table`);
    assert.deepEqual(
      changeRoutes.filter((key) => !Object.hasOwn(AUDITED_ROUTES, key)),
      [],
    );
  });

  it('names only change routes of the permission table: no reads, no stale entries', () => {
    assert.deepEqual(
      Object.keys(AUDITED_ROUTES).filter((key) => !changeRoutes.includes(key)),
      [],
    );
  });

  it('gives actions as <noun>.<verb> tokens usable in a NATS subject', () => {
    for (const [key, { action }] of Object.entries(AUDITED_ROUTES)) assert.match(action, /^[a-z-]+(\.[a-z-]+)+$/, key);
  });

  it('takes target ids from parameters the route has, or from the answer of a creation (POST)', () => {
    for (const [key, { target }] of Object.entries(AUDITED_ROUTES)) {
      const [method, route] = key.split(' ') as [string, string];
      if (!target.id) continue;
      if ('param' in target.id) {
        const name = target.id.param;
        assert.ok(name === '*' ? route.endsWith('/*') : route.split('/').includes(`:${name}`), `${key}: no parameter ${name}`);
      }
      if ('response' in target.id) assert.equal(method, 'POST', `${key}: only a creation has a new id in its answer`);
    }
  });

  it('uses the one action name per change the issue lists', () => {
    const action = (key: string) => AUDITED_ROUTES[key]!.action;
    assert.equal(action('POST /api/v1/issuers'), 'issuer.create');
    assert.equal(action('PUT /api/v1/issuers/:issuerId/profiles/:profileId'), 'profile.update');
    assert.equal(action('POST /api/v1/issuers/:issuerId/profiles/:profileId/offers'), 'offer.create');
    assert.equal(action('PUT /api/v1/issuers/:issuerId/credentials/:credentialId/status'), 'credential.status.change');
    assert.equal(action('PUT /api/v1/issuers/:issuerId/sessions/:sessionId/status'), 'credential.status.change');
    assert.equal(action('POST /api/v1/keys'), 'key.create');
    assert.equal(action('DELETE /api/v1/api-keys/:apiKeyId'), 'api-key.revoke');
  });

  it('records no read, and still records a change route the table lacks', () => {
    assert.equal(auditedRouteOf('GET', '/api/v1/issuers'), undefined);
    assert.equal(auditedRouteOf('HEAD', '/api/v1/issuers/:issuerId'), undefined);
    assert.deepEqual(auditedRouteOf('POST', '/api/v1/issuers'), AUDITED_ROUTES['POST /api/v1/issuers']);
    assert.deepEqual(auditedRouteOf('PATCH', '/api/v1/new-thing'), {
      action: 'admin.change',
      target: { type: 'route', id: { value: 'PATCH /api/v1/new-thing' } },
    });
  });
});
