import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Oid4vciError, sanitizeErrorDescription } from './oid4vci.error';

describe('Oid4vciError', () => {
  it('carries code, default status, headers and cause', () => {
    const cause = new Error('db down');
    const error = new Oid4vciError('invalid_token', 'token expired', { headers: { 'WWW-Authenticate': 'Bearer' }, cause });
    assert.ok(error instanceof Error);
    assert.equal(error.error, 'invalid_token');
    assert.equal(error.status, 401);
    assert.deepEqual(error.headers, { 'WWW-Authenticate': 'Bearer' });
    assert.equal(error.cause, cause);
    assert.deepEqual(error.toResponseBody(), { error: 'invalid_token', error_description: 'token expired' });
    assert.equal(new Oid4vciError('server_error', 'x').status, 500);
    assert.equal(new Oid4vciError('invalid_grant', 'x', { status: 403 }).status, 403);
  });

  it('keeps error_description inside %x20-21 / %x23-5B / %x5D-7E', () => {
    assert.equal(sanitizeErrorDescription('bad "x"\\y\né'), "bad 'x'?y??");
    assert.equal(new Oid4vciError('invalid_request', 'say "hi"').description, "say 'hi'");
  });
});
