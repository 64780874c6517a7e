import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '@issuer/platform';
import type { AuthorizationServerAnswer, AuthorizationServerFetcher } from './authorization-server.fetcher';
import { TokenIntrospectionClient } from './token-introspection.client';

const TARGET = { endpoint: 'https://as.example/introspect', clientId: 'issuer', clientSecret: 's3cret' };
const now = () => Math.floor(Date.now() / 1000);
const expectations = () => ({ issuer: 'https://as.example', audience: 'https://issuer.example/issuers/a', nowSeconds: now() });
const quiet = { warn: () => undefined } as unknown as Logger;

function fakeAs(answer: AuthorizationServerAnswer) {
  const state = { answer, posts: [] as { headers: Record<string, string>; body: string }[] };
  const http = {
    post: async (url: string, headers: Record<string, string>, body: string) => {
      assert.equal(url, TARGET.endpoint);
      state.posts.push({ headers, body });
      return state.answer;
    },
  } as unknown as AuthorizationServerFetcher;
  return { state, client: new TokenIntrospectionClient(http, quiet) };
}

describe('TokenIntrospectionClient', () => {
  it('authenticates with client_secret_basic and reuses an active answer for the same token', async () => {
    const { state, client } = fakeAs({ status: 200, body: { active: true, scope: 'pid', exp: now() + 300 } });
    assert.ok((await client.introspect(TARGET, 'tok-1', expectations())).verified);
    assert.ok((await client.introspect(TARGET, 'tok-1', expectations())).verified);
    assert.equal(state.posts.length, 1);
    assert.equal(state.posts[0]!.headers['authorization'], `Basic ${Buffer.from('issuer:s3cret').toString('base64')}`);
    await client.introspect(TARGET, 'tok-2', expectations());
    assert.equal(state.posts.length, 2, 'another token is introspected on its own');
  });

  it('does not keep an inactive answer (the token is refused each time it comes)', async () => {
    const { state, client } = fakeAs({ status: 200, body: { active: false } });
    for (let i = 0; i < 2; i++) assert.equal((await client.introspect(TARGET, 'tok', expectations())).verified, false);
    assert.equal(state.posts.length, 2);
  });

  it('turns an unusable answer (our credentials refused, a server error) into temporarily_unavailable', async () => {
    const { client } = fakeAs({ status: 401, body: { error: 'invalid_client' } });
    await assert.rejects(client.introspect(TARGET, 'tok', expectations()), { error: 'temporarily_unavailable', status: 503 });
  });
});
