import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessTokenOf, newAccessTokenSecret, parseAccessToken } from './access-token';

describe('access tokens naming their session', () => {
  it('round-trips the session id and the hash the session stores', () => {
    const secret = newAccessTokenSecret();
    const token = accessTokenOf('Caller_chosen-ID-1', secret);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(parseAccessToken(token), { sessionId: 'Caller_chosen-ID-1', hash: secret.hash });
  });

  it('gives a different hash for a different secret of the same session', () => {
    const token = accessTokenOf('s1', newAccessTokenSecret());
    const forged = `s1.${'A'.repeat(43)}`;
    assert.notEqual(parseAccessToken(forged)?.hash, parseAccessToken(token)?.hash);
  });

  it('rejects tokens that name no session', () => {
    for (const token of ['', 'no-dot', '.secret', 'session.', 'a.'])
      assert.equal(parseAccessToken(token), undefined, JSON.stringify(token));
  });
});
