import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '@issuer/platform';
import type { AuthorizationServerAnswer, AuthorizationServerFetcher } from './authorization-server.fetcher';
import { AuthorizationServerKeySets } from './authorization-server.key-sets';

const JWKS_URI = 'https://as.example/realms/acme/certs';
const key = (kid: string) => ({ kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid, alg: 'ES256' });
const quiet = { warn: () => undefined } as unknown as Logger;

/** A JWKS endpoint whose answers the test sets, counting the fetches. */
function fakeAs(initial: AuthorizationServerAnswer) {
  const state = { answer: initial, fetches: 0 };
  const http = {
    get: async (url: string) => {
      assert.equal(url, JWKS_URI);
      state.fetches++;
      return state.answer;
    },
  } as unknown as AuthorizationServerFetcher;
  return { state, sets: new AuthorizationServerKeySets(http, quiet) };
}

describe('AuthorizationServerKeySets', () => {
  it('fetches the JWKS once and serves known kids from the cache', async () => {
    const { state, sets } = fakeAs({ status: 200, body: { keys: [key('a'), key('b')] } });
    assert.equal((await sets.key(JWKS_URI, { kid: 'a', alg: 'ES256' }))?.['kid'], 'a');
    assert.equal((await sets.key(JWKS_URI, { kid: 'b', alg: 'ES256' }))?.['kid'], 'b');
    assert.equal(state.fetches, 1);
  });

  it('fetches again for an unknown kid (a rotation), once for concurrent requests, and finds the new key', async () => {
    const { state, sets } = fakeAs({ status: 200, body: { keys: [key('old')] } });
    await sets.key(JWKS_URI, { kid: 'old', alg: 'ES256' });
    state.answer = { status: 200, body: { keys: [key('new')] } };
    const found = await Promise.all([1, 2, 3].map(() => sets.key(JWKS_URI, { kid: 'new', alg: 'ES256' })));
    assert.deepEqual(
      found.map((k) => k?.['kid']),
      ['new', 'new', 'new'],
    );
    assert.equal(state.fetches, 2);
    assert.equal(await sets.key(JWKS_URI, { kid: 'old', alg: 'ES256' }), undefined, 'a key no longer published is gone');
  });

  it('does not fetch twice for a kid missing from a set it just fetched', async () => {
    const { state, sets } = fakeAs({ status: 200, body: { keys: [key('a')] } });
    assert.equal(await sets.key(JWKS_URI, { kid: 'forged', alg: 'ES256' }), undefined);
    assert.equal(state.fetches, 1);
  });

  it('answers temporarily_unavailable (503) when the keys cannot be fetched', async () => {
    const { sets } = fakeAs({ status: 502, body: undefined });
    await assert.rejects(sets.key(JWKS_URI, { kid: 'a', alg: 'ES256' }), { error: 'temporarily_unavailable', status: 503 });
  });
});
