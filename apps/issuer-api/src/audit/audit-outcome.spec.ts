import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@issuer/platform';
import { ADMIN_PERMISSIONS } from '../access/admin-permissions';
import { outcomeOfError } from './audit-outcome';

const owned = ADMIN_PERMISSIONS['DELETE /api/v1/keys/:keyId'];
const inIssuer = ADMIN_PERMISSIONS['PUT /api/v1/issuers/:issuerId'];

describe('audit outcome of an error', () => {
  it('is denied for a 403, and for the 404 the guard answers for a key, DID or certificate out of scope', () => {
    assert.equal(outcomeOfError(new AppError('FORBIDDEN', 'requires issuer-admin on acme'), 'authorization', inIssuer), 'denied');
    assert.equal(outcomeOfError(new AppError('FORBIDDEN', 'x'), 'handler'), 'denied');
    assert.equal(outcomeOfError(AppError.notFound('key k'), 'authorization', owned), 'denied');
  });

  it('is failure for a 404 of a missing resource: a missing issuer in scope, or what the handler did not find', () => {
    assert.equal(outcomeOfError(AppError.notFound('issuer acme'), 'authorization', inIssuer), 'failure');
    assert.equal(outcomeOfError(AppError.notFound('key k'), 'handler', owned), 'failure');
  });

  it('is failure for validation, conflicts and anything unexpected', () => {
    assert.equal(outcomeOfError(AppError.validation([{ path: 'issuerId', message: 'x' }]), 'authorization', inIssuer), 'failure');
    assert.equal(outcomeOfError(new AppError('CONFLICT', 'x'), 'handler'), 'failure');
    assert.equal(outcomeOfError(new Error('boom'), 'handler'), 'failure');
  });

  it('records nothing for 401 (nobody to attribute it to) and 429 (nothing was looked at)', () => {
    assert.equal(outcomeOfError(new AppError('UNAUTHORIZED', 'x'), 'authorization', inIssuer), undefined);
    assert.equal(outcomeOfError(new AppError('RATE_LIMITED', 'x'), 'handler'), undefined);
  });
});
