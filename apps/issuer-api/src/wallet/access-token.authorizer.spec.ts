import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessTokenOf, newAccessTokenSecret } from '../common/access-token';
import { AccessTokenAuthorizer } from './access-token.authorizer';

/** `presentedToken` reads the header only: the authorizer needs none of its collaborators for it. */
function authorizer() {
  const none = undefined as never;
  return new AccessTokenAuthorizer(none, none, none, none, none);
}

describe('AccessTokenAuthorizer.presentedToken (nonce events, API.md §10)', () => {
  const secret = newAccessTokenSecret();
  const token = accessTokenOf('s-live', secret);

  it('names the session and the secret hash of an access token sent as Bearer or DPoP', () => {
    for (const scheme of ['Bearer', 'DPoP', 'bearer'])
      assert.deepEqual(authorizer().presentedToken(`${scheme} ${token}`), { sessionId: 's-live', hash: secret.hash }, scheme);
  });

  it('names none without a header, for another scheme or a malformed token', () => {
    for (const header of [undefined, '', `Basic ${token}`, 'Bearer', `Bearer ${token} x`, 'Bearer no-dot', 'Bearer trailing.']) {
      assert.equal(authorizer().presentedToken(header), undefined, String(header));
    }
  });
});
