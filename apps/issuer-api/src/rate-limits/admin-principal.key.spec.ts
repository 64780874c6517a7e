import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { setPrincipal } from '../access/request-principal';
import { adminPrincipalOf } from './admin-principal.key';

const withAuthorization = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

describe('adminPrincipalOf', () => {
  it('is a fingerprint of the bearer key: one per key, never the key itself', () => {
    const key = 'adm_0123456789abcdefghij';
    const principal = adminPrincipalOf(withAuthorization(`Bearer ${key}`));
    assert.ok(principal && !principal.includes(key), principal);
    assert.equal(adminPrincipalOf(withAuthorization(`bearer  ${key}`)), principal);
    assert.notEqual(adminPrincipalOf(withAuthorization('Bearer adm_another_key_0123456789')), principal);
  });

  it('is the subject of a single sign-on token, so that a new token of the same person shares the budget', () => {
    for (const token of ['eyJ.first.token', 'eyJ.second.token']) {
      const request = withAuthorization(`Bearer ${token}`);
      setPrincipal(request, { type: 'oidc', id: 'user-1', roles: ['viewer'], issuers: ['acme'] });
      assert.equal(adminPrincipalOf(request), 'oidc:user-1');
    }
  });

  it('is undefined without a bearer key', () => {
    assert.equal(adminPrincipalOf(withAuthorization()), undefined);
    assert.equal(adminPrincipalOf(withAuthorization('Basic dXNlcjpwdw==')), undefined);
  });
});
