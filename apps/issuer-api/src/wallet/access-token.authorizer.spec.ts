import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionRepository } from '../sessions/session.repository';
import type { TokenSession } from '../sessions/session.types';
import { AccessTokenAuthorizer } from './access-token.authorizer';

const HOUR = 3_600_000;

/** An authorizer over sessions found by token; `sessionOf` needs nothing else. */
function authorizerWith(sessions: Record<string, Partial<TokenSession>>) {
  const repository = {
    findByAccessToken: async (_issuerId: string, token: string) => sessions[token] as TokenSession | undefined,
  } as unknown as SessionRepository;
  const none = undefined as never;
  return new AccessTokenAuthorizer(repository, none, none, none, none);
}

describe('AccessTokenAuthorizer.sessionOf (nonce events, API.md §10)', () => {
  const live = { sessionId: 's-live', profileId: 'p', accessTokenExpiresAt: new Date(Date.now() + HOUR) };
  const expired = { sessionId: 's-old', profileId: 'p', accessTokenExpiresAt: new Date(Date.now() - 1000) };
  const authorizer = authorizerWith({ 'live-token': live, 'old-token': expired });

  it('finds the session of an unexpired access token sent as Bearer or DPoP', async () => {
    assert.equal((await authorizer.sessionOf('acme', 'Bearer live-token'))?.sessionId, 's-live');
    assert.equal((await authorizer.sessionOf('acme', 'DPoP live-token'))?.sessionId, 's-live');
  });

  it('finds none without a header, for another scheme, a malformed, unknown or expired token', async () => {
    for (const header of [undefined, '', 'Basic live-token', 'Bearer', 'Bearer live token', 'Bearer unknown', 'Bearer old-token']) {
      assert.equal(await authorizer.sessionOf('acme', header), undefined, String(header));
    }
  });
});
