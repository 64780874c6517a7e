import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Oauth2ClientErrorResponseError } from '@openid4vc/oauth2';
import { EUDI_PID_EXAMPLE } from '@issuer/credentials';
import { AdminClient, createSdJwtIssuer, derOf, loadOwf, owfContext, SseReader, startTarget, type RunningPlatform } from '@issuer/testing';
import { verifySdJwtVc } from '../sd-jwt-verifier';
import { CodeFlowWallet, newWalletKey, type WalletKey } from './code-flow-wallet';
import { TestIdentityProvider } from './test-identity-provider';

const target = process.env.E2E_TARGET ?? 'standalone';
const REDIRECT = 'https://wallet.example/cb';
const ACCOUNTS = {
  alice: { given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10' },
  bob: { given_name: 'Bob' },
};

/**
 * The authorization code flow of API.md §11 with an independent HAIP-style wallet (OWF libraries) and a real
 * OpenID provider (oidc-provider) as the subject's identity provider: PAR + PKCE + DPoP + client attestation,
 * login at the provider, its claims mapped into the credential; wallet-initiated issuance; and the refusals.
 */
describe(`authorization code flow with an external identity provider (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let idp: TestIdentityProvider;
  let attester: WalletKey;
  let ci: string;
  let offerProfileId: string;
  let unmappableProfileId: string;
  let pidProfileId: string;
  let iacaPem: string;
  const issuerId = 'haip';
  const PID = EUDI_PID_EXAMPLE.credentialConfigurationId;

  /** An IACA and a document signer certificate (kms keys) for the mdoc profile. */
  async function mdocSigner(): Promise<{ keyId: string; certificateId: string }> {
    const [iacaKey, dsKey] = [
      (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body,
      (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body,
    ];
    const root = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey.keyId,
      subject: { commonName: 'IACA DE', country: 'DE' },
    });
    const signer = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: dsKey.keyId,
      issuerCertificateId: root.body.certificateId,
      subject: { commonName: 'DS DE', country: 'DE' },
    });
    assert.equal(signer.status, 201, JSON.stringify(signer.body));
    iacaPem = root.body.pem;
    return { keyId: dsKey.keyId, certificateId: signer.body.certificateId };
  }

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${issuerId}`;
    idp = await TestIdentityProvider.start({ redirectUris: [`${ci}/idp-callback`], accounts: ACCOUNTS });
    attester = await newWalletKey();
    const fixture = await createSdJwtIssuer(admin, { issuerId });
    const issuer = (await admin.get(`/api/v1/issuers/${issuerId}`)).body;
    for (const generated of ['credentialIssuer', 'createdAt', 'updatedAt']) delete issuer[generated];
    const { d: _private, ...attesterPublic } = attester.publicJwk;
    const put = await admin.put(`/api/v1/issuers/${issuerId}`, {
      ...issuer,
      credentialConfigurations: { ...issuer.credentialConfigurations, [PID]: EUDI_PID_EXAMPLE.credentialConfiguration },
      authorization: {
        requirePar: true,
        requireDpop: true,
        redirectUris: [REDIRECT],
        clientAttestation: { required: true, trustedKeys: [attesterPublic] },
        identityProviders: {
          keycloak: { issuer: idp.issuer, clientId: 'issuer', clientSecret: 'issuer-secret-for-tests', scopes: ['openid', 'profile'] },
        },
      },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.authorization.identityProviders.keycloak.clientSecret, '***');
    const base = (await admin.get(`/api/v1/issuers/${issuerId}/profiles/${fixture.profileId}`)).body;
    const profile = (extra: Record<string, unknown>) => ({
      name: 'Identity via Keycloak',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: fixture.keyId,
      credentialData: base.credentialData,
      selectiveDisclosure: base.selectiveDisclosure,
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      ...extra,
    });
    const mapped = await admin.post(
      `/api/v1/issuers/${issuerId}/profiles`,
      profile({
        walletInitiated: true,
        idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name', '$.birthdate': '$.birthdate' },
      }),
    );
    assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
    offerProfileId = mapped.body.profileId;
    const unmappable = await admin.post(
      `/api/v1/issuers/${issuerId}/profiles`,
      profile({ idTokenClaimsMapping: { '$.family_name': '$.family_name' } }),
    );
    assert.equal(unmappable.status, 201, JSON.stringify(unmappable.body));
    unmappableProfileId = unmappable.body.profileId;
    // The EU PID as mdoc: the provider's claims land in the PID namespace.
    const signer = await mdocSigner();
    const pid = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      ...EUDI_PID_EXAMPLE.profile,
      issuerKeyId: signer.keyId,
      certificateId: signer.certificateId,
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      idTokenClaimsMapping: { '$.family_name': `$['${PID}'].family_name`, '$.given_name': `$['${PID}'].given_name` },
    });
    assert.equal(pid.status, 201, JSON.stringify(pid.body));
    pidProfileId = pid.body.profileId;
  });
  after(async () => {
    await idp?.stop();
    await platform?.stop();
  });

  async function offer(profileId = offerProfileId) {
    const created = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
      authMethod: 'AUTHORIZED',
      valueMode: 'BY_VALUE',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const credentialOffer = JSON.parse(new URL(created.body.credentialOffer).searchParams.get('credential_offer')!);
    return { sessionId: created.body.sessionId as string, issuerState: credentialOffer.grants.authorization_code.issuer_state as string };
  }

  /** Offer → PAR → authorize → login at the provider → code. */
  async function authorized(wallet: CodeFlowWallet, options: { account?: string; profileId?: string } = {}) {
    const { sessionId, issuerState } = await offer(options.profileId);
    const started = await wallet.startAuthorization(ci, { issuerState, scope: 'identity', redirectUri: REDIRECT, state: 'wallet-state' });
    const redirect = await idp.followLogin(started.authorizationRequestUrl, { account: options.account ?? 'alice', stopAt: REDIRECT });
    return { sessionId, started, redirect };
  }

  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).body;
  const oauthError = (error: string) => (e: unknown) => e instanceof Oauth2ClientErrorResponseError && e.errorResponse.error === error;

  it('issues an SD-JWT VC carrying the provider claims: PAR + PKCE + DPoP + wallet attestation', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { sessionId, started, redirect } = await authorized(wallet);
    assert.equal(new URL(redirect).searchParams.get('state'), 'wallet-state');
    const code = await wallet.codeFrom(ci, redirect);
    const { accessTokenResponse, dpop } = await wallet.token(ci, started, code, REDIRECT);
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    assert.ok(accessTokenResponse.refresh_token);
    const { credential, holder } = await wallet.credential(ci, accessTokenResponse.access_token, dpop ?? started.dpop, 'identity_sd_jwt');
    const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
    const { claims } = await verifySdJwtVc(credential, jwks, { iss: ci });
    assert.equal(claims.given_name, 'Ada');
    assert.equal(claims.family_name, 'Lovelace');
    assert.equal(claims.birthdate, '1815-12-10');
    assert.deepEqual((claims.cnf as { jwk: { x: string } }).jwk.x, holder.publicJwk.x);
    const done = await session(sessionId);
    assert.equal(done.status, 'SUCCESSFUL');
    // The session's SSE stream replays its past events.
    const sse = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/${sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    await sse.waitFor((e) => e.event === 'issuance_status_changed');
    sse.close();
    const events = sse.events.map((e) => e.event);
    for (const name of [
      'pushed_authorization_request_succeeded',
      'authorization_request_succeeded',
      'token_request_authorization_code_succeeded',
    ])
      assert.ok(events.includes(name), `${name} in ${events.join(', ')}`);
  });

  it('issues an mdoc (EU PID) carrying the provider claims, verified with @owf/mdoc against the IACA', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { issuerState } = await offer(pidProfileId);
    const started = await wallet.startAuthorization(ci, { issuerState, scope: PID, redirectUri: REDIRECT });
    const redirect = await idp.followLogin(started.authorizationRequestUrl, { account: 'alice', stopAt: REDIRECT });
    const { accessTokenResponse, dpop } = await wallet.token(ci, started, await wallet.codeFrom(ci, redirect), REDIRECT);
    const { credential, holder } = await wallet.credential(ci, accessTokenResponse.access_token, dpop ?? started.dpop, PID);
    const owf = await loadOwf();
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(credential);
    await parsed.verify({ trustedCertificates: [derOf(iacaPem)] }, owfContext(owf) as never);
    const claims = parsed.getPrettyClaims(PID) as Record<string, unknown>;
    assert.equal(claims.family_name, 'Lovelace');
    assert.equal(claims.given_name, 'Ada');
    assert.equal(claims.birth_date instanceof Object || typeof claims.birth_date === 'string', true, 'profile data stays');
    const device = parsed.issuerAuth.mobileSecurityObject.deviceKeyInfo.deviceKey.jwk as Record<string, unknown>;
    assert.equal(device['x'], holder.publicJwk.x);
  });

  it('serves a wallet-initiated request (no offer) through the profile with walletInitiated', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const started = await wallet.startAuthorization(ci, { scope: 'identity', redirectUri: REDIRECT });
    const redirect = await idp.followLogin(started.authorizationRequestUrl, { account: 'alice', stopAt: REDIRECT });
    const { accessTokenResponse, dpop } = await wallet.token(ci, started, await wallet.codeFrom(ci, redirect), REDIRECT);
    const { credential } = await wallet.credential(ci, accessTokenResponse.access_token, dpop ?? started.dpop, 'identity_sd_jwt');
    const payload = decodeJwt(credential.split('~')[0]);
    assert.equal(payload.iss, ci);
    const sessions = (await admin.get(`/api/v1/issuers/${issuerId}/sessions?limit=100`)).body.items as {
      authMethod: string;
      profileId: string;
      status: string;
    }[];
    assert.ok(sessions.some((s) => s.authMethod === 'AUTHORIZED' && s.profileId === offerProfileId && s.status === 'SUCCESSFUL'));
  });

  it('refuses a reused code (revoking its token), a wrong code_verifier and another redirect_uri with invalid_grant', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const first = await authorized(wallet);
    const code = await wallet.codeFrom(ci, first.redirect);
    const { accessTokenResponse } = await wallet.token(ci, first.started, code, REDIRECT);
    await assert.rejects(wallet.token(ci, first.started, code, REDIRECT), oauthError('invalid_grant'));
    // The access token the code issued is revoked.
    await assert.rejects(wallet.credential(ci, accessTokenResponse.access_token, first.started.dpop, 'identity_sd_jwt'), (e: unknown) =>
      /invalid_token|401/.test(String((e as Error).message) + JSON.stringify((e as { response?: unknown }).response ?? '')),
    );

    const second = await authorized(wallet);
    const secondCode = await wallet.codeFrom(ci, second.redirect);
    await assert.rejects(
      wallet.token(ci, { ...second.started, codeVerifier: randomBytes(32).toString('base64url') }, secondCode, REDIRECT),
      oauthError('invalid_grant'),
    );

    const third = await authorized(wallet);
    await assert.rejects(
      wallet.token(ci, third.started, await wallet.codeFrom(ci, third.redirect), 'https://wallet.example/other'),
      oauthError('invalid_grant'),
    );
  });

  it('rotates refresh tokens; a replayed one is invalid_grant and revokes its family', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { started, redirect } = await authorized(wallet);
    const { accessTokenResponse } = await wallet.token(ci, started, await wallet.codeFrom(ci, redirect), REDIRECT);
    const { authorizationServerMetadata } = await wallet.metadata(ci);
    const refresh = (refreshToken: string) =>
      wallet.oauth.retrieveRefreshTokenAccessToken({ authorizationServerMetadata, refreshToken, dpop: started.dpop });
    const rotated = await refresh(accessTokenResponse.refresh_token!);
    assert.notEqual(rotated.accessTokenResponse.refresh_token, accessTokenResponse.refresh_token);
    await assert.rejects(refresh(accessTokenResponse.refresh_token!), oauthError('invalid_grant'));
    // The replay revoked the family: the rotated token no longer works either.
    await assert.rejects(refresh(rotated.accessTokenResponse.refresh_token!), oauthError('invalid_grant'));
  });

  it('cancel at the provider: access_denied to the wallet, session REJECTED_BY_USER', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { sessionId, issuerState } = await offer();
    const started = await wallet.startAuthorization(ci, { issuerState, scope: 'identity', redirectUri: REDIRECT, state: 's1' });
    const redirect = new URL(await idp.followLogin(started.authorizationRequestUrl, { account: 'alice', cancel: true, stopAt: REDIRECT }));
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('state'), 's1');
    assert.equal(redirect.searchParams.get('iss'), ci);
    assert.equal((await session(sessionId)).status, 'REJECTED_BY_USER');
  });

  it('a login without a mapped claim: access_denied, session UNSUCCESSFUL', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { sessionId, redirect } = await authorized(wallet, { account: 'bob', profileId: unmappableProfileId });
    assert.equal(new URL(redirect).searchParams.get('error'), 'access_denied');
    const ended = await session(sessionId);
    assert.equal(ended.status, 'UNSUCCESSFUL');
  });

  it('refuses what a HAIP issuer must refuse: no PAR, unknown request_uri, no attestation, untrusted attestation, no DPoP', async () => {
    // No PAR (requirePar): an error back to the trusted redirect URI.
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const direct = await fetch(
      `${ci}/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'w', redirect_uri: REDIRECT, scope: 'identity', code_challenge: challenge, code_challenge_method: 'S256', state: 'x' })}`,
      { redirect: 'manual' },
    );
    assert.equal(direct.status, 302);
    assert.equal(new URL(direct.headers.get('location')!).searchParams.get('error'), 'invalid_request');
    // Unknown request_uri: 400 without Location, a page for a browser.
    const unknown = await fetch(`${ci}/authorize?client_id=w&request_uri=urn:ietf:params:oauth:request_uri:nope`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('location'), null);
    assert.match(unknown.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(await unknown.text(), /invalid_request_uri/);
    // PAR without attestation (required) and with one from an untrusted provider: invalid_client.
    const par = (headers: Record<string, string> = {}) =>
      fetch(`${ci}/par`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({
          response_type: 'code',
          client_id: 'w',
          redirect_uri: REDIRECT,
          scope: 'identity',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      });
    const bare = await par();
    assert.equal(bare.status, 401);
    assert.equal(((await bare.json()) as { error: string }).error, 'invalid_client');
    const stranger = await CodeFlowWallet.create({ attester: await newWalletKey() });
    await assert.rejects(stranger.startAuthorization(ci, { scope: 'identity', redirectUri: REDIRECT }), (e: unknown) =>
      /invalid_client/.test(JSON.stringify((e as { errorResponse?: unknown; response?: unknown }).errorResponse ?? '') + String(e)),
    );
    // A token request without DPoP (requireDpop): invalid_dpop_proof.
    const token = await fetch(`${ci}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        code_verifier: 'y'.repeat(43),
        redirect_uri: REDIRECT,
        client_id: 'w',
      }),
    });
    assert.equal(token.status, 400);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_dpop_proof');
  });

  it('refuses bad DPoP at the credential endpoint: as Bearer, wrong htu, wrong ath, replayed jti, a private key in jwk', async () => {
    const wallet = await CodeFlowWallet.create({ attester });
    const { started, redirect } = await authorized(wallet);
    const { accessTokenResponse } = await wallet.token(ci, started, await wallet.codeFrom(ci, redirect), REDIRECT);
    const accessToken = accessTokenResponse.access_token;
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const ath = createHash('sha256').update(accessToken).digest('base64url');
    const proof = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
      new SignJWT({
        htm: 'POST',
        htu: `${ci}/credential`,
        iat: Math.floor(Date.now() / 1000),
        jti: randomBytes(8).toString('hex'),
        ath,
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
        .sign(privateKey);
    const send = (authorization: string, dpop?: string) =>
      fetch(`${ci}/credential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, ...(dpop ? { dpop } : {}) },
        body: JSON.stringify({ credential_configuration_id: 'identity_sd_jwt' }),
      });
    const asBearer = await send(`Bearer ${accessToken}`);
    assert.equal(asBearer.status, 401);
    assert.equal(((await asBearer.json()) as { error: string }).error, 'invalid_token');
    // The token is bound to the wallet's key: a proof by another key is refused even when well-formed.
    // The wallet's own key: a valid proof passes the token check once (the request then fails on its body), a replay does not.
    const valid = await wallet.dpopProof(started.dpop, { htm: 'POST', htu: `${ci}/credential`, ath });
    const first = await send(`DPoP ${accessToken}`, valid);
    assert.notEqual(first.status, 401, await first.text());
    const replay = await send(`DPoP ${accessToken}`, valid);
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('www-authenticate') ?? '', /DPoP error="invalid_dpop_proof"/);
    for (const dpop of [
      await proof({}),
      await proof({ htu: `${ci}/token` }),
      await proof({ ath: 'x'.repeat(43) }),
      await proof({}, { jwk: { ...jwk, d: (await exportJWK(privateKey)).d } }),
    ]) {
      const answer = await send(`DPoP ${accessToken}`, dpop);
      assert.equal(answer.status, 401);
      assert.match(answer.headers.get('www-authenticate') ?? '', /DPoP error="invalid_dpop_proof"/);
    }
  });
});
