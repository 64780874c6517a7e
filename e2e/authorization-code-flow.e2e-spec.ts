import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, decodeJwt, exportJWK } from 'jose';
import { EUDI_PID_EXAMPLE } from '@issuer/credentials';
import {
  AdminClient,
  derOf,
  HaipWallet,
  newWalletKey,
  oauthErrorOf,
  owfContext,
  pkceChallenge,
  pkceVerifier,
  SseReader,
  startTarget,
  TestIdentityProvider,
  type Owf,
  type RawAnswer,
  type RunningPlatform,
  type WalletKey,
} from '@issuer/testing';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'haip';
const REDIRECT = 'https://wallet.example/cb';
const SD = 'identity_sd_jwt';
const PID = EUDI_PID_EXAMPLE.credentialConfigurationId;
const PID_NS = 'eu.europa.ec.eudi.pid.1';
const ACCOUNTS = {
  alice: { given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10', email: 'ada@example.com' },
  // bob has no family_name: the profiles' mapping has no source for him.
  bob: { given_name: 'Bob', email: 'bob@example.com' },
};

/**
 * The authorization code flow of API.md §11 with an independent HAIP-style wallet (OWF libraries, HaipWallet) and a
 * real OpenID provider (oidc-provider, TestIdentityProvider) as the subject's identity provider: PAR + PKCE + DPoP +
 * client attestation, login at the provider, its claims mapped into SD-JWT VC and mdoc credentials (verified with
 * independent libraries), wallet-initiated issuance, sessions and events, refresh token rotation, and the refusals
 * the RFCs name. In cluster mode the proxy spreads the steps of each flow over both issuer-api replicas.
 */
describe(`authorization code flow with an external identity provider (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let idp: TestIdentityProvider;
  let attester: WalletKey;
  let owf: Owf;
  let ci: string;
  let iacaPem: string;
  const profiles: Record<'sd' | 'mdoc', string> = { sd: '', mdoc: '' };

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    owf = (await import('@owf/mdoc')) as Owf;
    idp = await TestIdentityProvider.start({
      clients: [{ clientId: 'issuer', clientSecret: 'issuer-secret-for-tests-0123456789', redirectUris: [`${ci}/idp-callback`] }],
      accounts: ACCOUNTS,
    });
    attester = await newWalletKey();

    const [sdKey, iacaKey, dsKey] = await Promise.all(
      ['secp256r1', 'secp256r1', 'secp256r1'].map((type) => admin.post('/api/v1/keys', { type })),
    );
    const iaca = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey!.body.keyId,
      subject: { commonName: 'IACA DE', country: 'DE' },
    });
    assert.equal(iaca.status, 201, JSON.stringify(iaca.body));
    iacaPem = iaca.body.pem;
    const ds = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: dsKey!.body.keyId,
      issuerCertificateId: iaca.body.certificateId,
      subject: { commonName: 'DS DE', country: 'DE' },
    });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));

    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER_ID,
      display: [{ name: 'HAIP Test Issuer', locale: 'en' }],
      credentialConfigurations: {
        [SD]: {
          format: 'dc+sd-jwt',
          scope: 'identity',
          cryptographic_binding_methods_supported: ['jwk'],
          credential_signing_alg_values_supported: ['ES256'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
        },
        [PID]: EUDI_PID_EXAMPLE.credentialConfiguration,
      },
      authorization: {
        requirePar: true,
        requireDpop: true,
        redirectUris: [REDIRECT],
        clientAttestation: { required: true, trustedKeys: [attester.publicJwk] },
        identityProviders: {
          keycloak: {
            issuer: idp.issuer,
            clientId: 'issuer',
            clientSecret: 'issuer-secret-for-tests-0123456789',
            scopes: ['openid', 'profile', 'email'],
          },
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
    assert.equal(issuer.body.authorization.identityProviders.keycloak.clientSecret, '***');

    const sd = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, {
      name: 'Identity via Keycloak',
      credentialConfigurationId: SD,
      issuerKeyId: sdKey!.body.keyId,
      credentialData: { given_name: 'placeholder', family_name: 'placeholder', birthdate: '2000-01-01', nationality: 'DE' },
      selectiveDisclosure: { fields: { family_name: { sd: true }, birthdate: { sd: true } } },
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name', '$.birthdate': '$.birthdate' },
      walletInitiated: true,
    });
    assert.equal(sd.status, 201, JSON.stringify(sd.body));
    profiles.sd = sd.body.profileId;
    const mdoc = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, {
      ...EUDI_PID_EXAMPLE.profile,
      issuerKeyId: dsKey!.body.keyId,
      certificateId: ds.body.certificateId,
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      idTokenClaimsMapping: {
        '$.given_name': `$['${PID_NS}'].given_name`,
        '$.family_name': `$['${PID_NS}'].family_name`,
        '$.birthdate': `$['${PID_NS}'].birth_date`,
      },
    });
    assert.equal(mdoc.status, 201, JSON.stringify(mdoc.body));
    profiles.mdoc = mdoc.body.profileId;
  });
  after(async () => {
    await idp?.stop();
    await platform?.stop();
  });

  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).body;
  const wallet = (options: { attester?: WalletKey | null } = {}) =>
    HaipWallet.create({ redirectUri: REDIRECT, ...(options.attester === null ? {} : { attester: options.attester ?? attester }) });

  async function offer(profile: keyof typeof profiles) {
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profiles[profile]}/offers`, { authMethod: 'AUTHORIZED' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body as { sessionId: string; credentialOffer: string };
  }

  /** Offer → PAR (issuer_state) → authorize → login at the provider → the wallet's redirect URL. */
  async function authorized(w: HaipWallet, options: { profile?: keyof typeof profiles; account?: string; cancel?: boolean } = {}) {
    const { sessionId, credentialOffer } = await offer(options.profile ?? 'sd');
    const { credentialOffer: resolved, start } = await w.parFromOffer(credentialOffer);
    assert.ok(resolved.grants?.authorization_code?.issuer_state, 'the offer carries issuer_state');
    const redirect = await idp.followLogin(w.authorizationUrl(start), {
      account: options.account ?? 'alice',
      stopAt: REDIRECT,
      ...(options.cancel ? { cancel: true } : {}),
    });
    return { sessionId, start, redirect };
  }

  /** A whole flow up to the token response. */
  async function tokens(w: HaipWallet, options: { profile?: keyof typeof profiles } = {}) {
    const flow = await authorized(w, options);
    const code = await w.codeFrom(flow.start, flow.redirect);
    return { ...flow, code, ...(await w.token(flow.start, code)) };
  }

  /** A token request built by hand (attestation and DPoP as given). */
  async function rawToken(w: HaipWallet, params: Record<string, string>, headers: Record<string, string>) {
    return w.rawForm(ci, '/token', { client_id: w.clientId, redirect_uri: REDIRECT, ...params }, headers);
  }

  function expectError(answer: RawAnswer, status: number, error: string) {
    assert.ok(answer.status < 500, `no 5xx: ${answer.status} ${JSON.stringify(answer.body)}`);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body?.error, error, JSON.stringify(answer.body));
  }

  const isError = (error: string) => (e: unknown) => {
    assert.equal(oauthErrorOf(e), error, String(e));
    return true;
  };

  async function expectLoginRefused(redirect: string, sessionId: string, status: 'UNSUCCESSFUL' | 'REJECTED_BY_USER') {
    const answer = new URL(redirect);
    assert.equal(answer.searchParams.get('error'), 'access_denied', redirect);
    assert.equal(answer.searchParams.get('iss'), ci, 'RFC 9207 iss on error responses too');
    assert.equal(answer.searchParams.get('code'), null);
    const ended = await session(sessionId);
    assert.equal(ended.status, status);
    assert.deepEqual(ended.credentials, []);
  }

  it('announces its authorization server (API.md §11) as this issuer is configured: PAR required, attestation only', async () => {
    const answer = await fetch(`${platform.baseUrl}/.well-known/oauth-authorization-server/issuers/${ISSUER_ID}`);
    assert.equal(answer.status, 200);
    const as = (await answer.json()) as Record<string, any>;
    assert.equal(as.issuer, ci);
    assert.equal(as.authorization_endpoint, `${ci}/authorize`);
    assert.equal(as.token_endpoint, `${ci}/token`);
    assert.equal(as.pushed_authorization_request_endpoint, `${ci}/par`);
    assert.equal(as.require_pushed_authorization_requests, true, 'requirePar');
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(as.response_types_supported, ['code']);
    for (const grant of ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:pre-authorized_code'])
      assert.ok(as.grant_types_supported.includes(grant), grant);
    assert.ok(as.dpop_signing_alg_values_supported.includes('ES256'));
    assert.deepEqual(as.authorization_details_types_supported, ['openid_credential']);
    assert.deepEqual(
      as.token_endpoint_auth_methods_supported,
      ['attest_jwt_client_auth'],
      'clientAttestation.required: no anonymous clients',
    );
    assert.equal(as['pre-authorized_grant_anonymous_access_supported'], false);
    assert.equal(as.authorization_response_iss_parameter_supported, true);
    assert.ok(as.scopes_supported.includes('identity'));
  });

  it('issues an SD-JWT VC with the provider claims: PAR + PKCE + DPoP + attestation; session and events', async () => {
    const w = await wallet();
    const { sessionId, credentialOffer } = await offer('sd');
    const sse = new SseReader(`${platform.edges.at(-1)}/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    assert.equal(await sse.status, 200);
    const { start } = await w.parFromOffer(credentialOffer, { state: 'wallet-state' });
    assert.ok(start.requestUri?.startsWith('urn:ietf:params:oauth:request_uri:'));
    const redirect = await idp.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: REDIRECT });
    const response = await w.authorizationResponse(start, redirect); // iss (RFC 9207) and state checked
    assert.equal(response.state, 'wallet-state');
    const { accessTokenResponse, dpop } = await w.token(start, response.code!);
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    assert.ok(accessTokenResponse.refresh_token, 'a refresh token (refreshTokens defaults to true)');
    const { credential, holder } = await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });

    const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
    const { payload, claims } = await verifySdJwtVc(credential, jwks, { iss: ci });
    assert.equal(claims.given_name, 'Ada');
    assert.equal(claims.family_name, 'Lovelace');
    assert.equal(claims.birthdate, '1815-12-10');
    assert.equal(claims.nationality, 'DE', 'unmapped data stays');
    assert.equal(payload.email, undefined, 'only mapped claims go into the credential');
    assert.equal(await calculateJwkThumbprint(payload.cnf.jwk), await calculateJwkThumbprint(holder.publicJwk));

    await sse.waitFor((e) => e.event === 'issuance_status_changed');
    sse.close();
    const names = sse.events.map((e) => e.event);
    for (const name of [
      'credential_offer_created',
      'pushed_authorization_request_succeeded',
      'authorization_request_succeeded',
      'token_request_authorization_code_succeeded',
      'credential_request_sd_jwt_vc_succeeded',
      'issuance_status_changed',
    ])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    const authorizationEvent = sse.events.find((e) => e.event === 'authorization_request_succeeded');
    assert.equal(authorizationEvent?.data.data?.method, 'EXTERNAL_IDP');
    const done = await session(sessionId);
    assert.equal(done.status, 'SUCCESSFUL');
    assert.equal(done.authMethod, 'AUTHORIZED');
    assert.equal(done.credentials.length, 1);
    assert.equal(done.credentials[0].format, 'dc+sd-jwt');
  });

  it('issues an mdoc (EU PID) with the provider claims, verified by @owf/mdoc against the IACA', async () => {
    const w = await wallet();
    const { sessionId, accessTokenResponse, dpop } = await tokens(w, { profile: 'mdoc' });
    const { credential, holder } = await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: PID, dpop });
    const ctx = owfContext(owf) as never;
    await owf.Holder.verifyIssuerSigned({ issuerSigned: credential, trustedCertificates: [derOf(iacaPem)] } as never, ctx);
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(credential);
    const mso = parsed.issuerAuth.mobileSecurityObject;
    assert.equal(mso.docType, PID);
    const deviceJwk = mso.deviceKeyInfo.deviceKey.jwk as Record<string, unknown>;
    assert.deepEqual([deviceJwk['x'], deviceJwk['y']], [holder.publicJwk.x, holder.publicJwk.y], 'device key = proof key');
    const claims = parsed.getPrettyClaims(PID_NS) as Record<string, unknown>;
    assert.equal(claims['given_name'], 'Ada');
    assert.equal(claims['family_name'], 'Lovelace');
    assert.match(String(claims['birth_date']), /1815-12-10/);
    assert.equal((await session(sessionId)).status, 'SUCCESSFUL');
  });

  it('serves wallet-initiated requests (no offer) by scope and by authorization_details, each in a new AUTHORIZED session', async () => {
    const before = new Set(
      (
        (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions?profileId=${profiles.sd}&limit=100`)).body.items as { sessionId: string }[]
      ).map((s) => s.sessionId),
    );
    const w = await wallet();
    const byScope = await w.par({ credentialIssuer: ci, scope: 'identity' });
    const scopeRedirect = await idp.followLogin(w.authorizationUrl(byScope), { account: 'alice', stopAt: REDIRECT });
    const scoped = await w.token(byScope, await w.codeFrom(byScope, scopeRedirect));
    const { credential } = await w.credential(ci, scoped.accessTokenResponse.access_token, {
      credentialConfigurationId: SD,
      dpop: scoped.dpop,
    });
    assert.equal(decodeJwt(credential.split('~')[0]!).iss, ci);

    const details = [{ type: 'openid_credential', credential_configuration_id: SD }];
    const byDetails = await w.par({ credentialIssuer: ci, authorizationDetails: details });
    const detailsRedirect = await idp.followLogin(w.authorizationUrl(byDetails), { account: 'alice', stopAt: REDIRECT });
    const detailed = await w.token(byDetails, await w.codeFrom(byDetails, detailsRedirect));
    const granted = detailed.accessTokenResponse.authorization_details as { credential_identifiers?: string[] }[] | undefined;
    const identifier = granted?.[0]?.credential_identifiers?.[0];
    assert.ok(identifier, `credential_identifiers in ${JSON.stringify(granted)}`);
    const second = await w.credential(ci, detailed.accessTokenResponse.access_token, {
      credentialConfigurationId: SD,
      dpop: detailed.dpop,
      credentialIdentifier: identifier,
    });
    const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
    assert.equal((await verifySdJwtVc(second.credential, jwks, { iss: ci })).claims.family_name, 'Lovelace');

    const after = (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions?profileId=${profiles.sd}&limit=100`)).body.items as {
      sessionId: string;
      authMethod: string;
      status: string;
    }[];
    const created = after.filter((s) => !before.has(s.sessionId));
    assert.equal(created.length, 2, JSON.stringify(created));
    for (const s of created) assert.deepEqual([s.authMethod, s.status], ['AUTHORIZED', 'SUCCESSFUL']);
  });

  it('rotates refresh tokens; a replayed refresh token is invalid_grant and revokes its family', async () => {
    const w = await wallet();
    const { accessTokenResponse, dpop } = await tokens(w);
    const first = accessTokenResponse.refresh_token!;
    const rotated = await w.refresh(ci, first, dpop);
    assert.equal(rotated.accessTokenResponse.token_type, 'DPoP');
    const second = rotated.accessTokenResponse.refresh_token!;
    assert.ok(second && second !== first, 'a new refresh token on every use');
    await assert.rejects(w.refresh(ci, first, dpop), isError('invalid_grant'));
    await assert.rejects(w.refresh(ci, second, dpop), isError('invalid_grant'), 'the replay revoked the rotated token too');
  });

  it('a refresh token sent with another DPoP key is invalid_dpop_proof and is not used up: its wallet still refreshes', async () => {
    const w = await wallet();
    const { accessTokenResponse, dpop } = await tokens(w);
    const refreshToken = accessTokenResponse.refresh_token!;
    // Someone holding the token but not the wallet's DPoP key.
    const stolen = await w.rawForm(
      ci,
      '/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: w.clientId },
      { ...(await w.attestationHeaders(ci)), dpop: await w.dpopProof({ key: await w.newKey(), htm: 'POST', htu: `${ci}/token` }) },
    );
    expectError(stolen, 400, 'invalid_dpop_proof');
    const rotated = await w.refresh(ci, refreshToken, dpop);
    assert.equal(rotated.accessTokenResponse.token_type, 'DPoP');
    assert.ok(rotated.accessTokenResponse.refresh_token, 'rotated, not taken for a replay');
  });

  it('purging the session purges the flow with it: its refresh and access tokens stop working', async () => {
    // The login claims (PII) are a column of the session row; codes, refresh tokens and requests hang on it (cascade).
    const w = await wallet();
    const { sessionId, accessTokenResponse, dpop } = await tokens(w);
    assert.equal((await admin.delete(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).status, 404);
    await assert.rejects(w.refresh(ci, accessTokenResponse.refresh_token!, dpop), isError('invalid_grant'));
    const key = await w.keyOf(dpop);
    const token = accessTokenResponse.access_token;
    const answer = await w.rawCredential(
      ci,
      { credential_configuration_id: SD, proofs: { jwt: [await w.proof(ci, SD, await w.newKey())] } },
      { authorization: `DPoP ${token}`, dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci}/credential`, accessToken: token }) },
    );
    expectError(answer, 401, 'invalid_token');
  });

  it('refuses a reused code with invalid_grant and revokes what it issued', async () => {
    const w = await wallet();
    const { start, code, accessTokenResponse, dpop } = await tokens(w);
    await assert.rejects(w.token(start, code), isError('invalid_grant'));
    await assert.rejects(w.refresh(ci, accessTokenResponse.refresh_token!, dpop), isError('invalid_grant'));
    const key = await w.keyOf(dpop);
    const token = accessTokenResponse.access_token;
    const answer = await w.rawCredential(
      ci,
      { credential_configuration_id: SD, proofs: { jwt: [await w.proof(ci, SD, await w.newKey())] } },
      { authorization: `DPoP ${token}`, dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci}/credential`, accessToken: token }) },
    );
    expectError(answer, 401, 'invalid_token');
  });

  it('refuses a wrong code_verifier and another redirect_uri with invalid_grant, issuing nothing', async () => {
    const w = await wallet();
    const one = await authorized(w);
    await assert.rejects(
      w.token(one.start, await w.codeFrom(one.start, one.redirect), { codeVerifier: pkceVerifier() }),
      isError('invalid_grant'),
    );
    const two = await authorized(w);
    await assert.rejects(
      w.token(two.start, await w.codeFrom(two.start, two.redirect), { redirectUri: 'https://wallet.example/other' }),
      isError('invalid_grant'),
    );
    for (const { sessionId } of [one, two]) {
      const s = await session(sessionId);
      assert.notEqual(s.status, 'SUCCESSFUL');
      assert.deepEqual(s.credentials, []);
    }
  });

  it('refuses bad DPoP at the token endpoint: none (requireDpop), wrong htu, wrong htm, another key than at PAR', async () => {
    const w = await wallet();
    const { start, redirect } = await authorized(w);
    const code = await w.codeFrom(start, redirect);
    const key = await w.keyOf(start.dpop);
    const params = { grant_type: 'authorization_code', code, code_verifier: start.codeVerifier };
    const attempts: [string, Record<string, string>][] = [
      ['none', {}],
      ['wrong htu', { dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci}/par` }) }],
      ['wrong htm', { dpop: await w.dpopProof({ key, htm: 'GET', htu: `${ci}/token` }) }],
      ['private key in jwk', { dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci}/token`, header: { jwk: await privateJwk(key) } }) }],
      ['another key', { dpop: await w.dpopProof({ key: await w.newKey(), htm: 'POST', htu: `${ci}/token` }) }],
    ];
    for (const [label, dpop] of attempts) {
      const answer = await rawToken(w, params, { ...(await w.attestationHeaders(ci)), ...dpop });
      assert.equal(answer.body?.error, 'invalid_dpop_proof', `${label}: ${JSON.stringify(answer.body)}`);
      expectError(answer, 400, 'invalid_dpop_proof');
    }
  });

  it('refuses bad DPoP at the credential endpoint (401 + WWW-Authenticate): as Bearer, wrong htu/htm/ath, replayed jti, private key', async () => {
    const w = await wallet();
    const { accessTokenResponse, dpop } = await tokens(w);
    const token = accessTokenResponse.access_token;
    const key = await w.keyOf(dpop);
    const body = async () => ({ credential_configuration_id: SD, proofs: { jwt: [await w.proof(ci, SD, await w.newKey())] } });
    const proof = (change: { htm?: string; htu?: string; payload?: Record<string, unknown>; header?: Record<string, unknown> } = {}) =>
      w.dpopProof({
        key,
        htm: change.htm ?? 'POST',
        htu: change.htu ?? `${ci}/credential`,
        accessToken: token,
        payload: change.payload,
        header: change.header,
      });

    const bearer = await w.rawCredential(ci, await body(), { authorization: `Bearer ${token}` });
    expectError(bearer, 401, 'invalid_token');
    const bad: [string, string][] = [
      ['wrong htu', await proof({ htu: `${ci}/nonce` })],
      ['wrong htm', await proof({ htm: 'GET' })],
      ['wrong ath', await proof({ payload: { ath: pkceChallenge('another token') } })],
      ['private key in jwk', await proof({ header: { jwk: await privateJwk(key) } })],
      [
        'another key than the token is bound to (cnf.jkt)',
        await w.dpopProof({ key: await w.newKey(), htm: 'POST', htu: `${ci}/credential`, accessToken: token }),
      ],
    ];
    for (const [label, dpopHeader] of bad) {
      const answer = await w.rawCredential(ci, await body(), { authorization: `DPoP ${token}`, dpop: dpopHeader });
      assert.equal(answer.body?.error, 'invalid_dpop_proof', `${label}: ${JSON.stringify(answer.body)}`);
      expectError(answer, 401, 'invalid_dpop_proof');
      assert.match(answer.headers.get('www-authenticate') ?? '', /^DPoP .*error="invalid_dpop_proof"/, label);
    }
    // A jti is single-use: a valid proof whose request is refused for its body (no proof JWT) is not accepted again.
    const once = await proof({ payload: { jti: 'replayed-jti-0001' } });
    const refusedBody = await w.rawCredential(ci, { credential_configuration_id: SD }, { authorization: `DPoP ${token}`, dpop: once });
    assert.ok(refusedBody.status === 400, `the body is refused after the proof was accepted: ${JSON.stringify(refusedBody.body)}`);
    const replay = await w.rawCredential(ci, await body(), { authorization: `DPoP ${token}`, dpop: once });
    expectError(replay, 401, 'invalid_dpop_proof');
    assert.match(replay.headers.get('www-authenticate') ?? '', /error="invalid_dpop_proof"/);
    // Nothing above issued a credential; the token still works with a good proof.
    const ok = await w.rawCredential(ci, await body(), { authorization: `DPoP ${token}`, dpop: await proof() });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    // The notification endpoint takes the same DPoP-bound token, with a proof for its own URL.
    const notify = async (headers: Record<string, string>) =>
      fetch(`${ci}/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ notification_id: ok.body.notification_id, event: 'credential_accepted' }),
      });
    const asBearer = await notify({ authorization: `Bearer ${token}` });
    assert.equal(asBearer.status, 401);
    const wrongUrl = await notify({ authorization: `DPoP ${token}`, dpop: await proof() });
    assert.equal(wrongUrl.status, 401, 'a proof for /credential does not open /notification');
    assert.match(wrongUrl.headers.get('www-authenticate') ?? '', /error="invalid_dpop_proof"/);
    const accepted = await notify({ authorization: `DPoP ${token}`, dpop: await proof({ htu: `${ci}/notification` }) });
    assert.equal(accepted.status, 204);
  });

  it('refuses a replayed DPoP proof at the token endpoint (refresh grant)', async () => {
    const w = await wallet();
    const { accessTokenResponse, dpop } = await tokens(w);
    const key = await w.keyOf(dpop);
    const once = await w.dpopProof({ key, htm: 'POST', htu: `${ci}/token` });
    const refresh = async (refreshToken: string) =>
      w.rawForm(
        ci,
        '/token',
        { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: w.clientId },
        { ...(await w.attestationHeaders(ci)), dpop: once },
      );
    const first = await refresh(accessTokenResponse.refresh_token!);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    expectError(await refresh(first.body.refresh_token), 400, 'invalid_dpop_proof');
  });

  it('refuses what requirePar, PKCE and the redirect URI rules refuse', async () => {
    const w = await wallet();
    const verifier = pkceVerifier();
    const base = {
      response_type: 'code',
      client_id: w.clientId,
      redirect_uri: REDIRECT,
      scope: 'identity',
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'st-1',
    };
    // No PAR although required: an error back to the (trusted) redirect URI, with state and iss.
    const direct = await w.rawGet(`${ci}/authorize?${new URLSearchParams(base)}`);
    assert.equal(direct.status, 302);
    const location = new URL(direct.headers.get('location')!);
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('state'), 'st-1');
    assert.equal(location.searchParams.get('iss'), ci);
    const par = async (params: Record<string, string>) =>
      w.rawForm(ci, '/par', params, {
        ...(await w.attestationHeaders(ci)),
        dpop: await w.dpopProof({ key: await w.newKey(), htm: 'POST', htu: `${ci}/par` }),
      });
    // PAR without PKCE, with plain PKCE, with a redirect URI the issuer does not allow: 400 invalid_request (JSON).
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = base;
    expectError(await par(noPkce), 400, 'invalid_request');
    expectError(await par({ ...base, code_challenge: verifier, code_challenge_method: 'plain' }), 400, 'invalid_request');
    expectError(await par({ ...base, redirect_uri: 'https://attacker.example/cb' }), 400, 'invalid_request');
    // A well-formed PAR works; its request_uri is single-use.
    const pushed = await par(base);
    assert.equal(pushed.status, 201, JSON.stringify(pushed.body));
    assert.ok(pushed.body.expires_in > 0);
    const authorize = (requestUri: string, accept = 'application/json') =>
      w.rawGet(`${ci}/authorize?${new URLSearchParams({ client_id: w.clientId, request_uri: requestUri })}`, { accept });
    const first = await authorize(pushed.body.request_uri);
    assert.equal(first.status, 302, 'on to the identity provider');
    assert.ok(first.headers.get('location')?.startsWith(idp.issuer));
    for (const requestUri of [pushed.body.request_uri, 'urn:ietf:params:oauth:request_uri:unknown']) {
      const refused = await authorize(requestUri);
      expectError(refused, 400, 'invalid_request_uri');
      assert.equal(refused.headers.get('location'), null);
    }
    // A browser gets a page that cannot be framed.
    const page = await authorize('urn:ietf:params:oauth:request_uri:unknown', 'text/html');
    assert.equal(page.status, 400);
    assert.equal(page.headers.get('location'), null);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const antiFraming =
      /frame-ancestors 'none'/.test(page.headers.get('content-security-policy') ?? '') || page.headers.get('x-frame-options') === 'DENY';
    assert.ok(antiFraming, 'X-Frame-Options DENY or CSP frame-ancestors none');
    // Small and branded: the issuer's display name, the error, no script (the CSP allows none).
    const html = typeof page.body === 'string' ? page.body : JSON.stringify(page.body);
    assert.match(html, /HAIP Test Issuer/);
    assert.match(html, /invalid_request_uri/);
    assert.doesNotMatch(html, /<script/i);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('refuses a missing or untrusted client attestation with invalid_client, at PAR and at the token endpoint', async () => {
    const anonymous = await wallet({ attester: null });
    await assert.rejects(anonymous.par({ credentialIssuer: ci, scope: 'identity' }), isError('invalid_client'));
    const stranger = await wallet({ attester: await newWalletKey() });
    await assert.rejects(stranger.par({ credentialIssuer: ci, scope: 'identity' }), isError('invalid_client'));
    // An attestation for another client_id than the request's.
    const w = await wallet();
    const instanceKey = await newWalletKey();
    const foreign = await HaipWallet.attest(attester, { clientId: 'https://other-wallet.example', instanceKey });
    const mismatch = await w.rawForm(
      ci,
      '/par',
      {
        response_type: 'code',
        client_id: w.clientId,
        redirect_uri: REDIRECT,
        scope: 'identity',
        code_challenge: pkceChallenge(pkceVerifier()),
        code_challenge_method: 'S256',
      },
      {
        ...(await w.attestationHeaders(ci, { attestation: foreign, instanceKey })),
        dpop: await w.dpopProof({ key: await w.newKey(), htm: 'POST', htu: `${ci}/par` }),
      },
    );
    assert.ok(mismatch.status === 400 || mismatch.status === 401, JSON.stringify(mismatch.body));
    assert.ok(['invalid_client', 'invalid_request'].includes(mismatch.body?.error), JSON.stringify(mismatch.body));
    // The token request of an attested PAR must be attested too.
    const { start, redirect } = await authorized(w);
    const code = await w.codeFrom(start, redirect);
    const key = await w.keyOf(start.dpop);
    const bare = await rawToken(
      w,
      { grant_type: 'authorization_code', code, code_verifier: start.codeVerifier },
      { dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci}/token` }) },
    );
    expectError(bare, 401, 'invalid_client');
  });

  it('a cancelled login at the provider: access_denied to the wallet (with state and iss), session REJECTED_BY_USER', async () => {
    const w = await wallet();
    const { sessionId, start, redirect } = await authorized(w, { cancel: true });
    assert.equal(new URL(redirect).searchParams.get('state'), start.state);
    await expectLoginRefused(redirect, sessionId, 'REJECTED_BY_USER');
  });

  it('a login without a source of the mapping: access_denied, session UNSUCCESSFUL', async () => {
    const { sessionId, redirect } = await authorized(await wallet(), { account: 'bob' });
    await expectLoginRefused(redirect, sessionId, 'UNSUCCESSFUL');
  });

  for (const [label, tampering] of [
    ['another nonce', { claims: { nonce: 'not-the-issuer-nonce' } }],
    ['another audience', { claims: { aud: 'someone-else' } }],
    ['a signature by a key the provider never published', { foreignKey: true }],
  ] as const) {
    it(`an ID token with ${label}: access_denied, session UNSUCCESSFUL`, async () => {
      idp.tamperIdTokens(tampering);
      try {
        const { sessionId, redirect } = await authorized(await wallet());
        await expectLoginRefused(redirect, sessionId, 'UNSUCCESSFUL');
      } finally {
        idp.tamperIdTokens(undefined);
      }
    });
  }

  it('an error answer of the provider other than a cancel: access_denied to the wallet, session UNSUCCESSFUL', async () => {
    const w = await wallet();
    const { sessionId, credentialOffer } = await offer('sd');
    const { start } = await w.parFromOffer(credentialOffer);
    // The browser comes back from the provider; the provider's answer is an error (RFC 6749 §4.1.2.1) for that login.
    const callback = new URL(await idp.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: `${ci}/idp-callback` }));
    const state = callback.searchParams.get('state')!;
    const answer = await w.rawGet(`${ci}/idp-callback?${new URLSearchParams({ error: 'server_error', state, iss: idp.issuer })}`);
    assert.equal(answer.status, 302, JSON.stringify(answer.body));
    assert.equal(new URL(answer.headers.get('location')!).searchParams.get('state'), start.state);
    await expectLoginRefused(answer.headers.get('location')!, sessionId, 'UNSUCCESSFUL');
    // Its login state was used: the real answer coming late is refused (400, no redirect), nothing changes.
    const late = await w.rawGet(callback.href);
    expectError(late, 400, 'invalid_request');
    assert.equal(late.headers.get('location'), null);
    assert.equal((await session(sessionId)).status, 'UNSUCCESSFUL');
  });

  it('a provider down when its answer is redeemed: temporarily_unavailable to the wallet, the offer stays open and a retry issues', async () => {
    const w = await wallet();
    const { sessionId, credentialOffer } = await offer('sd');
    const { start } = await w.parFromOffer(credentialOffer);
    const callback = await idp.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: `${ci}/idp-callback` });
    idp.unavailable = true;
    let answer: RawAnswer;
    try {
      answer = await w.rawGet(callback);
    } finally {
      idp.unavailable = false;
    }
    assert.equal(answer.status, 302, `no 5xx: ${JSON.stringify(answer.body)}`);
    const location = new URL(answer.headers.get('location')!);
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get('error'), 'temporarily_unavailable', location.href);
    assert.equal(location.searchParams.get('state'), start.state);
    assert.equal(location.searchParams.get('iss'), ci);
    assert.equal(location.searchParams.get('code'), null);
    const open = await session(sessionId);
    assert.equal(open.status, 'ACTIVE', 'an outage of the provider does not end the session');
    assert.deepEqual(open.credentials, []);
    // The wallet starts again from the same offer.
    const retry = await wallet();
    const again = await retry.parFromOffer(credentialOffer);
    const redirect = await idp.followLogin(retry.authorizationUrl(again.start), { account: 'alice', stopAt: REDIRECT });
    const { accessTokenResponse, dpop } = await retry.token(again.start, await retry.codeFrom(again.start, redirect));
    await retry.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
    assert.equal((await session(sessionId)).status, 'SUCCESSFUL');
  });

  it('checks idTokenClaimsMapping destinations at profile and at offer creation (400 naming the field)', async () => {
    const profile = (await admin.get(`/api/v1/issuers/${ISSUER_ID}/profiles/${profiles.sd}`)).body;
    const fieldsOf = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
    const refused = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, {
      name: 'Mapping into nothing',
      credentialConfigurationId: SD,
      issuerKeyId: profile.issuerKeyId,
      credentialData: { given_name: 'placeholder' },
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.email': '$.contact.email' },
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.ok(
      fieldsOf(refused.body).some((p) => p.startsWith('idTokenClaimsMapping')),
      JSON.stringify(refused.body),
    );
    const offers = `/api/v1/issuers/${ISSUER_ID}/profiles/${profiles.sd}/offers`;
    for (const runtimeOverrides of [
      // A mapping of the offer into a member the credential data does not have.
      { idTokenClaimsMapping: { '$.email': '$.email' } },
      // Credential data of the offer in which the mapping's destination cannot exist.
      { credentialData: { contact: 'none' }, idTokenClaimsMapping: { '$.email': '$.contact.email' } },
    ]) {
      const sessionsBefore = (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions?profileId=${profiles.sd}&limit=500`)).body.items
        .length;
      const answer = await admin.post(offers, { authMethod: 'AUTHORIZED', runtimeOverrides });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.ok(
        fieldsOf(answer.body).some((p) => p.startsWith('runtimeOverrides.idTokenClaimsMapping')),
        JSON.stringify(answer.body),
      );
      const sessionsAfter = (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions?profileId=${profiles.sd}&limit=500`)).body.items.length;
      assert.equal(sessionsAfter, sessionsBefore, 'no session for a refused offer');
    }
    const accepted = await admin.post(offers, {
      authMethod: 'AUTHORIZED',
      runtimeOverrides: { credentialData: { contact: { email: '' } }, idTokenClaimsMapping: { '$.email': '$.contact.email' } },
    });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  });

  it('issuerStateMode OMIT: an offer without issuer_state, served as a wallet-initiated request; refused for a profile without walletInitiated', async () => {
    const refused = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profiles.mdoc}/offers`, {
      authMethod: 'AUTHORIZED',
      issuerStateMode: 'OMIT',
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.ok(
      (refused.body.errors ?? []).some((e: { path: string }) => e.path === 'issuerStateMode'),
      JSON.stringify(refused.body),
    );
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profiles.sd}/offers`, {
      authMethod: 'AUTHORIZED',
      issuerStateMode: 'OMIT',
      valueMode: 'BY_VALUE',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const w = await wallet();
    const resolved = await w.resolveOffer(created.body.credentialOffer);
    assert.ok(resolved.grants?.authorization_code, 'an authorization_code grant');
    assert.equal(resolved.grants.authorization_code.issuer_state, undefined, 'without issuer_state');
    assert.equal(resolved.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'], undefined);
    // Nothing ties the request to the offer: the wallet asks for the offered configuration by its scope.
    const { start } = await w.parFromOffer(created.body.credentialOffer, { scope: 'identity' });
    const redirect = await idp.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: REDIRECT });
    const { accessTokenResponse, dpop } = await w.token(start, await w.codeFrom(start, redirect));
    const { credential } = await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
    const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
    assert.equal((await verifySdJwtVc(credential, jwks, { iss: ci })).claims.family_name, 'Lovelace');
  });

  it('claimsSource: userinfo maps the userinfo claims, both merges them with the ID token winning', async () => {
    const config = (await admin.get(`/api/v1/issuers/${ISSUER_ID}`)).body;
    for (const generated of ['credentialIssuer', 'createdAt', 'updatedAt']) delete config[generated];
    const put = (claimsSource: string) => {
      const keycloak = { ...config.authorization.identityProviders.keycloak, claimsSource };
      return admin.put(`/api/v1/issuers/${ISSUER_ID}`, {
        ...config,
        authorization: { ...config.authorization, identityProviders: { keycloak } },
      });
    };
    const givenName = async () => {
      const w = await wallet();
      const { accessTokenResponse, dpop } = await tokens(w);
      const { credential } = await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
      return (await verifySdJwtVc(credential, jwks, { iss: ci })).claims.given_name;
    };
    // The ID token (validly signed) says Mallory; userinfo says Ada.
    idp.tamperIdTokens({ claims: { given_name: 'Mallory' } });
    try {
      assert.equal((await put('userinfo')).status, 200);
      assert.equal(await givenName(), 'Ada');
      assert.equal((await put('both')).status, 200);
      assert.equal(await givenName(), 'Mallory');
      assert.equal((await put('id_token')).status, 200);
      assert.equal(await givenName(), 'Mallory');
    } finally {
      idp.tamperIdTokens(undefined);
      await put('id_token');
    }
  });

  it("forwardIssuerState: the offer's issuer_state goes on to the provider only when asked, with state, nonce and PKCE always", async () => {
    const config = (await admin.get(`/api/v1/issuers/${ISSUER_ID}`)).body;
    for (const generated of ['credentialIssuer', 'createdAt', 'updatedAt']) delete config[generated];
    const put = (forwardIssuerState: boolean) =>
      admin.put(`/api/v1/issuers/${ISSUER_ID}`, {
        ...config,
        authorization: {
          ...config.authorization,
          identityProviders: { keycloak: { ...config.authorization.identityProviders.keycloak, forwardIssuerState } },
        },
      });
    const sentToProvider = async () => {
      const before = idp.authorizationRequests.length;
      await authorized(await wallet());
      return idp.authorizationRequests[before]!;
    };
    try {
      const plain = await sentToProvider();
      assert.equal(plain.get('issuer_state'), null);
      for (const name of ['state', 'nonce', 'code_challenge']) assert.ok(plain.get(name), `${name} toward the provider`);
      assert.equal(plain.get('code_challenge_method'), 'S256');
      assert.equal((await put(true)).status, 200);
      assert.ok((await sentToProvider()).get('issuer_state'));
    } finally {
      await put(false);
    }
  });

  it('asks for DPoP server nonces with requireDpopNonce: the wallet retries PAR, token and credential with use_dpop_nonce', async () => {
    const config = (await admin.get(`/api/v1/issuers/${ISSUER_ID}`)).body;
    for (const generated of ['credentialIssuer', 'createdAt', 'updatedAt']) delete config[generated];
    const put = (requireDpopNonce: boolean) =>
      admin.put(`/api/v1/issuers/${ISSUER_ID}`, { ...config, authorization: { ...config.authorization, requireDpopNonce } });
    assert.equal((await put(true)).status, 200);
    try {
      const seen: { url: string; status: number; nonce: string | null; error?: string }[] = [];
      const recording: typeof fetch = async (input, init) => {
        const answer = await fetch(input, init);
        const body =
          answer.status >= 400
            ? ((await answer
                .clone()
                .json()
                .catch(() => ({}))) as { error?: string })
            : {};
        const challenge = /error="([^"]+)"/.exec(answer.headers.get('www-authenticate') ?? '')?.[1];
        seen.push({ url: String(input), status: answer.status, nonce: answer.headers.get('dpop-nonce'), error: body.error ?? challenge });
        return answer;
      };
      const w = await HaipWallet.create({ redirectUri: REDIRECT, attester, fetch: recording });
      const { sessionId, credentialOffer } = await offer('sd');
      const { start } = await w.parFromOffer(credentialOffer);
      const redirect = await idp.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: REDIRECT });
      const { accessTokenResponse, dpop } = await w.token(start, await w.codeFrom(start, redirect));
      // A proof with a made-up nonce is refused the same way.
      const token = accessTokenResponse.access_token;
      const madeUp = await w.dpopProof({
        key: await w.keyOf(dpop!),
        htm: 'POST',
        htu: `${ci}/credential`,
        accessToken: token,
        payload: { nonce: 'made-up' },
      });
      const bad = await w.rawCredential(ci, { credential_configuration_id: SD }, { authorization: `DPoP ${token}`, dpop: madeUp });
      assert.equal(bad.status, 401);
      assert.match(bad.headers.get('www-authenticate') ?? '', /use_dpop_nonce/);
      assert.ok(bad.headers.get('dpop-nonce'));
      await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
      assert.equal((await session(sessionId)).status, 'SUCCESSFUL');
      for (const endpoint of ['/par', '/token', '/credential']) {
        const asked = seen.find((r) => r.url.endsWith(endpoint) && r.error === 'use_dpop_nonce');
        assert.ok(asked?.nonce, `${endpoint}: use_dpop_nonce with a DPoP-Nonce (${JSON.stringify(seen)})`);
        assert.equal(asked.status, endpoint === '/credential' ? 401 : 400);
      }
    } finally {
      assert.equal((await put(false)).status, 200);
    }
  });

  it('follows a JWKS rotation at the provider: the next login is signed by a new key and still accepted', async () => {
    await tokens(await wallet()); // the issuer knows the provider's current keys
    const [newKid] = await idp.rotateKeys();
    const w = await wallet();
    const { sessionId, accessTokenResponse, dpop } = await tokens(w);
    await w.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
    assert.equal((await session(sessionId)).status, 'SUCCESSFUL', `signed with ${newKid}`);
  });
});

/** A JWK with its private part, as a careless wallet would put it in a DPoP header. */
async function privateJwk(key: WalletKey): Promise<Record<string, unknown>> {
  return { ...(await exportJWK(key.privateKey)) };
}
