import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationRequestError, OAuth2Error, sanitizeErrorDescription } from './oauth2.error';

describe('OAuth2Error', () => {
  it('carries code, default status, headers and cause, and renders the RFC 6749 body', () => {
    const cause = new Error('store down');
    const error = new OAuth2Error('use_dpop_nonce', 'nonce needed', { headers: { 'DPoP-Nonce': 'n' }, cause });
    assert.ok(error instanceof Error);
    assert.equal(error.error, 'use_dpop_nonce');
    assert.equal(error.status, 400);
    assert.equal(error.error_description, 'nonce needed');
    assert.deepEqual(error.headers, { 'DPoP-Nonce': 'n' });
    assert.equal(error.cause, cause);
    assert.deepEqual(error.toResponseBody(), { error: 'use_dpop_nonce', error_description: 'nonce needed' });
  });

  it('has the usual default statuses and accepts an explicit one', () => {
    assert.equal(new OAuth2Error('invalid_client', 'x').status, 401);
    assert.equal(new OAuth2Error('invalid_token', 'x').status, 401);
    assert.equal(new OAuth2Error('invalid_grant', 'x').status, 400);
    assert.equal(new OAuth2Error('server_error', 'x').status, 500);
    assert.equal(new OAuth2Error('invalid_dpop_proof', 'x', { status: 401 }).status, 401);
    assert.equal(new OAuth2Error('invalid_request', 'x').headers, undefined);
  });

  it('matches the platform error filter structurally (error, status, message, headers)', () => {
    const e: unknown = new OAuth2Error('invalid_request', 'bad');
    const like = e as { error: unknown; status: unknown; message: unknown };
    assert.equal(typeof like.error, 'string');
    assert.equal(typeof like.status, 'number');
    assert.equal(like.message, 'bad');
  });

  it('keeps error_description inside %x20-21 / %x23-5B / %x5D-7E and short', () => {
    assert.equal(sanitizeErrorDescription('bad "x"\\y\né'), "bad 'x'?y??");
    assert.equal(new OAuth2Error('invalid_request', 'say "hi"').message, "say 'hi'");
    assert.equal(sanitizeErrorDescription('a'.repeat(1000)).length, 300);
  });
});

describe('AuthorizationRequestError', () => {
  it('is an OAuth2Error that carries the trusted redirect only when given', () => {
    const redirectable = new AuthorizationRequestError('invalid_scope', 'x', { redirectUri: 'https://w/cb', state: 's' });
    assert.ok(redirectable instanceof OAuth2Error);
    assert.equal(redirectable.redirectUri, 'https://w/cb');
    assert.equal(redirectable.state, 's');
    const local = new AuthorizationRequestError('invalid_request', 'x');
    assert.equal(local.redirectUri, undefined);
    assert.equal(local.status, 400);
  });
});
