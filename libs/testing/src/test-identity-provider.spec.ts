import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { TestIdentityProvider } from './test-identity-provider';

const RP = 'https://rp.example/cb';
const ACCOUNTS = {
  alice: { given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.com', email_verified: true, birthdate: '1815-12-10' },
};

/** An OpenID Connect relying party on openid-client 6 (independent of the provider) against the test provider. */
async function relyingParty(idp: TestIdentityProvider, clientId: string, auth: oidc.ClientAuth) {
  const configuration = await oidc.discovery(new URL(idp.issuer), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
  // Check the ID token signature against the JWKS too (openid-client skips it for token endpoint answers by default).
  oidc.enableNonRepudiationChecks(configuration);
  return configuration;
}

async function login(idp: TestIdentityProvider, configuration: oidc.Configuration, options: { cancel?: boolean; scope?: string } = {}) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: RP,
    scope: options.scope ?? 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await idp.followLogin(url.href, { account: 'alice', stopAt: RP, ...(options.cancel ? { cancel: true } : {}) });
  return { callback: new URL(callback), codeVerifier, state, nonce };
}

describe('TestIdentityProvider (oidc-provider) with an openid-client relying party', () => {
  let idp: TestIdentityProvider;
  let consenting: TestIdentityProvider;

  before(async () => {
    idp = await TestIdentityProvider.start({
      clients: [
        { clientId: 'basic', clientSecret: 'basic-secret-0123456789', redirectUris: [RP] },
        { clientId: 'post', clientSecret: 'post-secret-0123456789', redirectUris: [RP], tokenEndpointAuthMethod: 'client_secret_post' },
      ],
      accounts: ACCOUNTS,
    });
    consenting = await TestIdentityProvider.start({
      clients: [{ clientId: 'basic', clientSecret: 'basic-secret-0123456789', redirectUris: [RP] }],
      accounts: ACCOUNTS,
      requireConsent: true,
    });
  });
  after(async () => {
    await idp?.stop();
    await consenting?.stop();
  });

  it('completes the code flow with PKCE: discovery, validated ID token with the profile and email claims, userinfo', async () => {
    const configuration = await relyingParty(idp, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    assert.equal(configuration.serverMetadata().issuer, idp.issuer);
    const { callback, codeVerifier, state, nonce } = await login(idp, configuration);
    assert.equal(callback.searchParams.get('iss'), idp.issuer);
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.aud, 'basic');
    assert.equal(claims.given_name, 'Ada');
    assert.equal(claims.family_name, 'Lovelace');
    assert.equal(claims.birthdate, '1815-12-10');
    assert.equal(claims.email, 'ada@example.com');
    assert.equal(decodeProtectedHeader(tokens.id_token!).kid, idp.signingKeyIds[0]);
    const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, 'alice');
    assert.equal(userinfo.email, 'ada@example.com');
    assert.equal(userinfo.given_name, 'Ada');
  });

  it('authenticates a client_secret_post client, and releases only the claims of the granted scopes', async () => {
    const configuration = await relyingParty(idp, 'post', oidc.ClientSecretPost('post-secret-0123456789'));
    const { callback, codeVerifier, state, nonce } = await login(idp, configuration, { scope: 'openid profile' });
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.family_name, 'Lovelace');
    assert.equal(claims.email, undefined, 'no email scope, no email claim');
    // A wrong secret is refused. (oidc-provider accepts client_secret_basic and client_secret_post interchangeably
    // for a client registered with either, so the method itself is not checked.)
    const wrong = await relyingParty(idp, 'post', oidc.ClientSecretPost('not-the-secret'));
    const second = await login(idp, wrong);
    await assert.rejects(
      oidc.authorizationCodeGrant(wrong, second.callback, {
        pkceCodeVerifier: second.codeVerifier,
        expectedState: second.state,
        expectedNonce: second.nonce,
      }),
      (e: unknown) => (e as { error?: string }).error === 'invalid_client',
    );
  });

  it('requires PKCE', async () => {
    const configuration = await relyingParty(idp, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    const url = oidc.buildAuthorizationUrl(configuration, { redirect_uri: RP, scope: 'openid', state: 's' });
    const callback = new URL(await idp.followLogin(url.href, { account: 'alice', stopAt: RP }));
    assert.equal(callback.searchParams.get('error'), 'invalid_request');
    assert.match(callback.searchParams.get('error_description') ?? '', /PKCE/);
  });

  it('a cancelled login answers error=access_denied with state and iss', async () => {
    const configuration = await relyingParty(idp, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    const { callback, state } = await login(idp, configuration, { cancel: true });
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), state);
    assert.equal(callback.searchParams.get('iss'), idp.issuer);
    assert.equal(callback.searchParams.get('code'), null);
  });

  it('drives a consent prompt when the provider asks for one', async () => {
    const configuration = await relyingParty(consenting, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    const { callback, codeVerifier, state, nonce } = await login(consenting, configuration);
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    assert.equal(tokens.claims()!.email, 'ada@example.com');
  });

  it('rotates its signing keys: ID tokens carry the new kid and validate against the new JWKS', async () => {
    const before = idp.signingKeyIds;
    const after = await idp.rotateKeys();
    assert.notDeepEqual(after, before);
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [...after].sort(), 'the previous keys are no longer published');
    assert.ok(
      jwks.keys.every((k) => k.d === undefined),
      'public keys only',
    );
    // A relying party that discovers afresh (a fresh JWKS copy) validates the new signature. (openid-client refetches a
    // cached JWKS on an unknown kid only when its copy is at least 60 s old.)
    const configuration = await relyingParty(idp, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    const { callback, codeVerifier, state, nonce } = await login(idp, configuration);
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    assert.equal(decodeProtectedHeader(tokens.id_token!).kid, after[0]);
    const kept = await idp.rotateKeys({ keepPrevious: true });
    const published = ((await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    assert.deepEqual(published.sort(), [...kept, ...after].sort(), 'keepPrevious keeps the previous keys published');
  });

  it('tampered ID tokens fail the relying party checks: foreign aud, other nonce, signature by an unpublished key', async () => {
    const configuration = await relyingParty(idp, 'basic', oidc.ClientSecretBasic('basic-secret-0123456789'));
    const cases: [Parameters<TestIdentityProvider['tamperIdTokens']>[0], RegExp][] = [
      [{ claims: { aud: 'someone-else' } }, /aud/],
      [{ claims: { nonce: 'not-the-nonce' } }, /nonce/],
      [{ foreignKey: true }, /signature/i],
    ];
    try {
      for (const [tampering, message] of cases) {
        idp.tamperIdTokens(tampering);
        const { callback, codeVerifier, state, nonce } = await login(idp, configuration);
        await assert.rejects(
          oidc.authorizationCodeGrant(configuration, callback, {
            pkceCodeVerifier: codeVerifier,
            expectedState: state,
            expectedNonce: nonce,
          }),
          (e: unknown) => message.test(`${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message}`),
          JSON.stringify(tampering),
        );
      }
    } finally {
      idp.tamperIdTokens(undefined);
    }
  });
});
