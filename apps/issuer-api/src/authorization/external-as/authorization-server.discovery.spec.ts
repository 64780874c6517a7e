import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '@issuer/platform';
import { AuthorizationServerDiscovery } from './authorization-server.discovery';
import type { AuthorizationServerAnswer, AuthorizationServerFetcher } from './authorization-server.fetcher';

const ISSUER = 'https://as.example/realms/acme';
const OPENID = `${ISSUER}/.well-known/openid-configuration`;
const RFC8414 = 'https://as.example/.well-known/oauth-authorization-server/realms/acme';
const quiet = { warn: () => undefined } as unknown as Logger;

function fakeAs(answers: Record<string, AuthorizationServerAnswer>) {
  const asked: string[] = [];
  const http = {
    get: async (url: string) => {
      asked.push(url);
      return answers[url] ?? { status: 404, body: undefined };
    },
  } as unknown as AuthorizationServerFetcher;
  return { asked, answers, discovery: new AuthorizationServerDiscovery(http, quiet) };
}

describe('AuthorizationServerDiscovery', () => {
  it('reads OpenID discovery first and caches the metadata', async () => {
    const { asked, discovery } = fakeAs({ [OPENID]: { status: 200, body: { issuer: ISSUER, jwks_uri: `${ISSUER}/certs` } } });
    assert.equal((await discovery.metadata(ISSUER)).jwks_uri, `${ISSUER}/certs`);
    await discovery.metadata(ISSUER);
    assert.deepEqual(asked, [OPENID]);
  });

  it('falls back to RFC 8414 with the well-known segment before the issuer path', async () => {
    const { asked, discovery } = fakeAs({ [RFC8414]: { status: 200, body: { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` } } });
    assert.equal((await discovery.metadata(ISSUER)).jwks_uri, `${ISSUER}/jwks`);
    assert.deepEqual(asked, [OPENID, RFC8414]);
  });

  it('refuses metadata of another issuer as temporarily_unavailable and does not cache the failure', async () => {
    const { asked, answers, discovery } = fakeAs({ [OPENID]: { status: 200, body: { issuer: 'https://evil.example' } } });
    await assert.rejects(discovery.metadata(ISSUER), { error: 'temporarily_unavailable', status: 503 });
    answers[OPENID] = { status: 200, body: { issuer: ISSUER } };
    assert.equal((await discovery.metadata(ISSUER)).issuer, ISSUER);
    assert.equal(asked.filter((u) => u === OPENID).length, 2);
  });
});
