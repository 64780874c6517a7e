import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_PERMISSIONS } from '../access/admin-permissions';
import { auditDraft, auditIssuerOf, auditRecord, createdIdOf } from './audit-record';
import { AUDITED_ROUTES } from './audited-routes';

const ROUTE = AUDITED_ROUTES['POST /api/v1/api-keys']!;
const SECRETS = ['isk_0123456789abcdefSECRET', 'correct horse battery staple', 'whsec_topsecret'];

describe('audit records', () => {
  it('have the API.md §13 shape, with the actor, action, target, issuer, request id and address', () => {
    const draft = auditDraft({
      route: AUDITED_ROUTES['PUT /api/v1/issuers/:issuerId/profiles/:profileId']!,
      principal: { type: 'api-key', id: '7a6f0c1e-1111-4222-8333-944445555666' },
      params: { issuerId: 'acme', profileId: 'diploma' },
      requestId: 'req-1',
      address: '127.0.0.1',
      issuerId: 'acme',
    });
    const record = auditRecord(draft, 'success', undefined, new Date('2026-01-02T03:04:05.678Z'));
    assert.match(record.auditId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...record, auditId: 'x' },
      {
        auditId: 'x',
        at: '2026-01-02T03:04:05.678Z',
        actor: { type: 'api-key', id: '7a6f0c1e-1111-4222-8333-944445555666' },
        action: 'profile.update',
        target: { type: 'profile', id: 'diploma' },
        outcome: 'success',
        issuerId: 'acme',
        requestId: 'req-1',
        address: '127.0.0.1',
      },
    );
  });

  it('leave out issuerId for deployment-wide changes, and a target id a refused creation never got', () => {
    const draft = auditDraft({
      route: ROUTE,
      principal: { type: 'admin-key', id: 'a1b2c3d4' },
      params: {},
      requestId: 'req-2',
      address: '::1',
    });
    const record = auditRecord(draft, 'denied');
    assert.equal('issuerId' in record, false);
    assert.deepEqual(record.target, { type: 'api-key' });
    assert.deepEqual(auditRecord(draft, 'success', 'new-id').target, { type: 'api-key', id: 'new-id' });
  });

  it('read the id of what a creation made from its one field of the answer, never anything else there', () => {
    const answer = { apiKeyId: 'k-1', key: SECRETS[0], name: 'ci' };
    assert.equal(createdIdOf(ROUTE, answer), 'k-1');
    assert.equal(createdIdOf(ROUTE, undefined), undefined);
    assert.equal(createdIdOf(ROUTE, { apiKeyId: 42 }), undefined);
    assert.equal(createdIdOf(AUDITED_ROUTES['DELETE /api/v1/api-keys/:apiKeyId']!, answer), undefined);
  });

  it('carry no body and no secret of the answer: a record of an API key, a user and a webhook secret names ids only', () => {
    const cases = [
      {
        key: 'POST /api/v1/api-keys',
        params: {},
        body: { name: 'ci', roles: ['viewer'], issuers: ['acme'] },
        answer: { apiKeyId: 'k-1', key: SECRETS[0] },
      },
      {
        key: 'POST /api/v1/issuers/:issuerId/users',
        params: { issuerId: 'acme' },
        body: { username: 'alice', password: SECRETS[1] },
        answer: { username: 'alice' },
      },
      {
        key: 'POST /api/v1/issuers/:issuerId/webhook-secret',
        params: { issuerId: 'acme' },
        body: undefined,
        answer: { issuerId: 'acme', secret: SECRETS[2] },
      },
    ];
    for (const { key, params, body, answer } of cases) {
      const route = AUDITED_ROUTES[key]!;
      const issuer = auditIssuerOf(ADMIN_PERMISSIONS[key]!, params, body);
      const draft = auditDraft({ route, principal: { type: 'oidc', id: 'sub-1' }, params, requestId: 'r', address: 'a', ...issuer });
      const text = JSON.stringify(auditRecord(draft, 'success', createdIdOf(route, answer)));
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${key}: ${text}`);
      assert.ok(!text.includes('password') && !text.includes('roles'), `${key}: no body field names either`);
    }
  });

  it('name the issuer a change acts on the way the permission table finds it', () => {
    const of = (key: string, params: Record<string, string>, body?: unknown) => auditIssuerOf(ADMIN_PERMISSIONS[key]!, params, body);
    assert.deepEqual(of('PUT /api/v1/issuers/:issuerId', { issuerId: 'acme' }), { issuerId: 'acme' });
    assert.deepEqual(of('POST /api/v1/issuers', {}, { id: 'globex', display: [] }), { issuerId: 'globex' });
    assert.deepEqual(of('POST /api/v1/issuers', {}, { id: 'Not A Slug' }), {});
    assert.deepEqual(of('POST /api/v1/keys', {}, { type: 'ed25519', issuerId: 'acme' }), { issuerId: 'acme' });
    assert.deepEqual(of('POST /api/v1/keys', {}, { type: 'ed25519' }), {});
    assert.deepEqual(of('DELETE /api/v1/keys/:keyId', { keyId: 'k-9' }), { owned: { kind: 'key', id: 'k-9' } });
    assert.deepEqual(of('DELETE /api/v1/dids/*', { '*': 'did:jwk:abc' }), { owned: { kind: 'did', id: 'did:jwk:abc' } });
    assert.deepEqual(of('POST /api/v1/retention/runs', {}), {});
  });

  it('bound an id taken from the path', () => {
    const draft = auditDraft({
      route: AUDITED_ROUTES['DELETE /api/v1/dids/*']!,
      principal: { type: 'api-key', id: 'k' },
      params: { '*': `did:web:${'x'.repeat(2000)}` },
      requestId: 'r',
      address: 'a',
    });
    assert.equal(draft.target.id?.length, 512);
  });

  it('store a NUL or a lone surrogate of a path or a token `sub` as U+FFFD, so the record is never lost', () => {
    const draft = auditDraft({
      route: AUDITED_ROUTES['DELETE /api/v1/keys/:keyId']!,
      principal: { type: 'oidc', id: 'sub\u0000x' },
      params: { keyId: 'k\u0000\uD800y\uD83D\uDE00' },
      requestId: 'r',
      address: 'a',
    });
    assert.equal(draft.actor.id, 'sub\uFFFDx');
    assert.equal(draft.target.id, 'k\uFFFD\uFFFDy\uD83D\uDE00');
  });
});
