import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { LoginCsrf } from './login-csrf';

describe('LoginCsrf', () => {
  const secret = randomBytes(32);

  it('accepts the token of the same login under the same secret (any replica), nothing else', () => {
    const token = new LoginCsrf(secret).token('login-hash-1');
    assert.ok(new LoginCsrf(Buffer.from(secret)).check('login-hash-1', token));
    assert.equal(new LoginCsrf(secret).check('login-hash-2', token), false, 'another login');
    assert.equal(new LoginCsrf(randomBytes(32)).check('login-hash-1', token), false, 'another deployment');
    assert.equal(new LoginCsrf(secret).check('login-hash-1', `${token}x`), false);
    assert.equal(new LoginCsrf(secret).check('login-hash-1', ''), false);
    assert.equal(new LoginCsrf(secret).check('login-hash-1', [token]), false, 'a repeated form field');
    assert.equal(new LoginCsrf(secret).check('login-hash-1', undefined), false);
  });
});
