import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { AdminClient, HaipWallet, SseReader, startTarget, TestWallet, type RawAnswer, type RunningPlatform } from '@issuer/testing';
import { verifySdJwtVc } from './sd-jwt-verifier';
import { TestAuthorizationServer } from './test-authorization-server';

const target = process.env.E2E_TARGET ?? 'standalone';
const REDIRECT = 'https://wallet.example/cb';
const WALLET = 'https://wallet.example/app';
const PID = 'pid_sd_jwt';
const DIPLOMA = 'diploma_sd_jwt';
const INTROSPECTOR = { clientId: 'credential-issuer', clientSecret: 'introspection-secret-0123456789abcdef' };
const OTHER_RESOURCE = 'https://other-resource.example/api';
const ACCOUNTS = {
  alice: { given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10', email: 'ada@example.com' },
  // bob has no family_name: the mapping has no source for him.
  bob: { given_name: 'Bob', birthdate: '1990-01-01' },
};

/** An SD-JWT VC configuration requested by `scope`. */
const configuration = (scope: string, name: string) => ({
  format: 'dc+sd-jwt',
  scope,
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name, locale: 'en' }] },
});

/**
 * The external authorization server mode of API.md §11: a real OAuth 2.0 server (oidc-provider, standing in for
 * Keycloak) issues the access tokens; the issuer lists it in `authorization_servers` and accepts its tokens at the
 * credential endpoint: RFC 9068 JWTs against its JWKS, opaque tokens by RFC 7662 introspection, DPoP-bound tokens with
 * their proof. The wallet is the OWF library (HaipWallet) or a hand-built public client; credentials are verified
 * independently and carry the token's claims through `idTokenClaimsMapping`. In cluster mode the proxy spreads the
 * requests over both issuer-api replicas (each with its own caches; the token-to-session binding is in PostgreSQL).
 */
describe(`external authorization server (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let as: TestAuthorizationServer;
  let foreignAs: TestAuthorizationServer;
  let downAs: TestAuthorizationServer;
  const ci = { jwt: '', opaque: '', down: '' };
  const profiles = { pid: '', opaque: '' };

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci.jwt = `${platform.baseUrl}/issuers/ext-as`;
    ci.opaque = `${platform.baseUrl}/issuers/ext-as-opaque`;
    ci.down = `${platform.baseUrl}/issuers/ext-as-down`;
    const wallet = { clientId: WALLET, redirectUris: [REDIRECT] };
    as = await TestAuthorizationServer.start({
      accounts: ACCOUNTS,
      wallet,
      introspectors: [INTROSPECTOR],
      resourceServers: {
        [ci.jwt]: { format: 'jwt', scope: 'pid diploma' },
        [ci.opaque]: { format: 'opaque', scope: 'pid' },
        [OTHER_RESOURCE]: { format: 'jwt', scope: 'pid', alg: 'ES256' },
      },
    });
    // Another server of the same shape: its tokens name it as iss and are signed with its keys.
    foreignAs = await TestAuthorizationServer.start({
      accounts: ACCOUNTS,
      wallet,
      resourceServers: { [ci.jwt]: { format: 'jwt', scope: 'pid' } },
    });
    downAs = await TestAuthorizationServer.start({
      accounts: ACCOUNTS,
      wallet,
      resourceServers: { [ci.down]: { format: 'jwt', scope: 'pid' } },
    });

    const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const profile = {
      name: 'PID via the external AS',
      credentialConfigurationId: PID,
      issuerKeyId: key.body.keyId,
      credentialData: { given_name: 'placeholder', family_name: 'placeholder', birthdate: '2000-01-01', nationality: 'DE' },
      selectiveDisclosure: { fields: { family_name: { sd: true }, birthdate: { sd: true } } },
      idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name', '$.birthdate': '$.birthdate' },
      walletInitiated: true,
    };
    const issuers: [string, Record<string, unknown>][] = [
      ['ext-as', { issuer: as.issuer }],
      ['ext-as-opaque', { issuer: as.issuer, introspection: { endpoint: `${as.issuer}/token/introspection`, ...INTROSPECTOR } }],
      ['ext-as-down', { issuer: downAs.issuer }],
    ];
    for (const [id, externalAuthorizationServer] of issuers) {
      const created = await admin.post('/api/v1/issuers', {
        id,
        display: [{ name: `External AS issuer ${id}`, locale: 'en' }],
        credentialConfigurations: { [PID]: configuration('pid', 'PID'), [DIPLOMA]: configuration('diploma', 'Diploma') },
        authorization: { externalAuthorizationServer },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const made = await admin.post(`/api/v1/issuers/${id}/profiles`, profile);
      assert.equal(made.status, 201, `a wallet-initiated profile without authentication: ${JSON.stringify(made.body)}`);
      if (id === 'ext-as') profiles.pid = made.body.profileId;
      if (id === 'ext-as-opaque') profiles.opaque = made.body.profileId;
    }
  });
  after(async () => {
    await Promise.all([as?.stop(), foreignAs?.stop(), downAs?.stop().catch(() => undefined)]);
    await platform?.stop();
  });

  const jwks = async (issuerUrl: string) => (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: never[] };
  const sessionIds = async (issuerId: string, profileId: string) =>
    new Set(
      (
        (await admin.get(`/api/v1/issuers/${issuerId}/sessions?profileId=${profileId}&limit=100`)).body.items as { sessionId: string }[]
      ).map((s) => s.sessionId),
    );
  const newSessions = async (issuerId: string, profileId: string, before: Set<string>) =>
    [...(await sessionIds(issuerId, profileId))].filter((id) => !before.has(id));

  function expectRefusal(answer: RawAnswer, status: number, error: string) {
    assert.ok(answer.status < 500 || status >= 500, `no 5xx: ${answer.status} ${JSON.stringify(answer.body)}`);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body?.error, error, JSON.stringify(answer.body));
  }

  function expectInvalidToken(answer: RawAnswer, reason: RegExp) {
    expectRefusal(answer, 401, 'invalid_token');
    assert.match(answer.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.match(answer.body.error_description, reason);
  }

  /** Wallet-initiated authorization at the AS by the OWF library: PAR + PKCE + DPoP, resource = the credential issuer. */
  async function dpopToken(w: HaipWallet, credentialIssuer: string, scope = 'pid', account = 'alice') {
    const start = await w.par({ credentialIssuer, scope });
    const redirect = await as.followLogin(w.authorizationUrl(start), { account, stopAt: REDIRECT });
    return w.token(start, await w.codeFrom(start, redirect));
  }

  /** A credential request with a bearer token, built by hand (the wallet library always uses DPoP here). */
  async function bearerCredential(w: HaipWallet, credentialIssuer: string, token: string, scheme = 'Bearer') {
    const proof = await w.proof(credentialIssuer, PID, await w.newKey());
    return w.rawCredential(
      credentialIssuer,
      { credential_configuration_id: PID, proofs: { jwt: [proof] } },
      { authorization: `${scheme} ${token}` },
    );
  }

  it('lists the external AS in authorization_servers (first) next to the issuer, which still redeems pre-authorized codes', async () => {
    const metadata = (await (await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/ext-as`)).json()) as {
      authorization_servers?: string[];
    };
    assert.deepEqual(metadata.authorization_servers, [as.issuer, ci.jwt]);
    const issuer = await admin.get('/api/v1/issuers/ext-as-opaque');
    assert.equal(issuer.body.authorization.externalAuthorizationServer.introspection.clientSecret, '***');
    // Outbound rules: http only for hosts in OUTBOUND_ALLOWED_HOSTS, for the issuer and the introspection endpoint.
    for (const [externalAuthorizationServer, path] of [
      [{ issuer: 'http://as.example/realms/acme' }, 'authorization.externalAuthorizationServer.issuer'],
      [
        { issuer: as.issuer, introspection: { endpoint: 'http://as.example/introspect', ...INTROSPECTOR } },
        'authorization.externalAuthorizationServer.introspection.endpoint',
      ],
    ] as const) {
      const refused = await admin.post('/api/v1/issuers', {
        id: 'ext-as-refused',
        credentialConfigurations: { [PID]: configuration('pid', 'PID') },
        authorization: { externalAuthorizationServer },
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(JSON.stringify(refused.body), new RegExp(path.replace(/\./g, '\\.')));
    }

    // A pre-authorized offer names the issuer as its grant's server; the OWF wallet redeems it at the issuer's token endpoint.
    const offer = await admin.post(`/api/v1/issuers/ext-as/profiles/${profiles.pid}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      valueMode: 'BY_VALUE',
    });
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    const offered = JSON.parse(new URL(offer.body.credentialOffer).searchParams.get('credential_offer')!);
    assert.equal(offered.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'].authorization_server, ci.jwt);
    const result = await new TestWallet().preAuthorizedFlow(offer.body.credentialOffer);
    assert.equal(result.credentials.length, 1);
    assert.equal((await verifySdJwtVc(result.credentials[0]!, await jwks(ci.jwt), { iss: ci.jwt })).claims.given_name, 'placeholder');
  });

  it('issues with a DPoP-bound JWT access token of the AS (wallet-initiated, by scope): the token claims reach the credential', async () => {
    const before = await sessionIds('ext-as', profiles.pid);
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const { accessTokenResponse, dpop } = await dpopToken(w, ci.jwt);
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    const token = accessTokenResponse.access_token;
    assert.equal(decodeProtectedHeader(token).typ, 'at+jwt', 'an RFC 9068 access token');
    const claims = decodeJwt(token) as Record<string, any>;
    assert.equal(claims.iss, as.issuer);
    assert.equal(claims.aud, ci.jwt);
    assert.equal(claims.cnf.jkt, await calculateJwkThumbprint(dpop.signer.publicJwk as never));

    const { credential, holder } = await w.credential(ci.jwt, token, { credentialConfigurationId: PID, dpop });
    const verified = await verifySdJwtVc(credential, await jwks(ci.jwt), { iss: ci.jwt });
    assert.equal(verified.claims.given_name, 'Ada');
    assert.equal(verified.claims.family_name, 'Lovelace');
    assert.equal(verified.claims.birthdate, '1815-12-10');
    assert.equal(verified.claims.nationality, 'DE', 'unmapped data stays');
    assert.equal(verified.payload.email, undefined, 'only mapped claims go into the credential');
    assert.equal(await calculateJwkThumbprint(verified.payload.cnf.jwk), await calculateJwkThumbprint(holder.publicJwk));

    // The same token again: the same session (created at the first request), a second credential.
    const second = await w.credential(ci.jwt, token, { credentialConfigurationId: PID, dpop });
    assert.equal((await verifySdJwtVc(second.credential, await jwks(ci.jwt), { iss: ci.jwt })).claims.family_name, 'Lovelace');
    const created = await newSessions('ext-as', profiles.pid, before);
    assert.equal(created.length, 1, `one session for one token: ${created.join(', ')}`);
    const session = (await admin.get(`/api/v1/issuers/ext-as/sessions/${created[0]}`)).body;
    assert.deepEqual([session.authMethod, session.status, session.credentials.length], ['AUTHORIZED', 'SUCCESSFUL', 2]);

    // The notification endpoint takes the token too, with a proof for its own URL.
    const key = await w.keyOf(dpop);
    const notified = await fetch(`${ci.jwt}/notification`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DPoP ${token}`,
        dpop: await w.dpopProof({ key, htm: 'POST', htu: `${ci.jwt}/notification`, accessToken: token }),
      },
      body: JSON.stringify({ notification_id: second.response.notification_id, event: 'credential_accepted' }),
    });
    assert.equal(notified.status, 204, await notified.text());

    const sse = new SseReader(`${platform.edges.at(-1)}/api/v1/issuers/ext-as/sessions/${created[0]}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    assert.equal(await sse.status, 200);
    await sse.waitFor((e) => e.event === 'notification_received');
    sse.close();
    const names = sse.events.map((e) => e.event);
    for (const name of ['authorization_request_succeeded', 'credential_request_sd_jwt_vc_succeeded', 'issuance_status_changed'])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    const login = sse.events.find((e) => e.event === 'authorization_request_succeeded');
    assert.deepEqual(login?.data.data, { method: 'EXTERNAL_AUTHORIZATION_SERVER', authorizationServer: as.issuer });
  });

  it('refuses a DPoP-bound token sent as Bearer (invalid_token) or without a proof (invalid_dpop_proof), creating no session', async () => {
    const before = await sessionIds('ext-as', profiles.pid);
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const { accessTokenResponse } = await dpopToken(w, ci.jwt);
    const token = accessTokenResponse.access_token;
    expectInvalidToken(await bearerCredential(w, ci.jwt, token), /DPoP-bound/);
    const unproven = await bearerCredential(w, ci.jwt, token, 'DPoP');
    expectRefusal(unproven, 401, 'invalid_dpop_proof');
    assert.match(unproven.headers.get('www-authenticate') ?? '', /^DPoP .*error="invalid_dpop_proof"/);
    assert.deepEqual(await newSessions('ext-as', profiles.pid, before), []);
  });

  it('issues with an unbound (Bearer) JWT token; the same token as DPoP is invalid_token', async () => {
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const token = await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' });
    assert.equal(decodeJwt(token)['cnf'], undefined);
    const issued = await bearerCredential(w, ci.jwt, token);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(
      (await verifySdJwtVc(issued.body.credentials[0].credential, await jwks(ci.jwt), { iss: ci.jwt })).claims.given_name,
      'Ada',
    );
    expectInvalidToken(await bearerCredential(w, ci.jwt, token, 'DPoP'), /not DPoP-bound/);
  });

  it('joins the offer named by the issuer_state the AS forwards in the token; the offer names the AS as its grant server', async () => {
    const offer = await admin.post(`/api/v1/issuers/ext-as/profiles/${profiles.pid}/offers`, { authMethod: 'AUTHORIZED' });
    assert.equal(offer.status, 201, `AUTHORIZED without a profile login method: ${JSON.stringify(offer.body)}`);
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const { credentialOffer, start } = await w.parFromOffer(offer.body.credentialOffer, { scope: 'pid' });
    const grant = credentialOffer.grants?.authorization_code as { issuer_state?: string; authorization_server?: string };
    assert.equal(grant.authorization_server, as.issuer);
    assert.ok(grant.issuer_state);
    const redirect = await as.followLogin(w.authorizationUrl(start), { account: 'alice', stopAt: REDIRECT });
    const { accessTokenResponse, dpop } = await w.token(start, await w.codeFrom(start, redirect));
    assert.equal(decodeJwt(accessTokenResponse.access_token)['issuer_state'], grant.issuer_state);
    const before = await sessionIds('ext-as', profiles.pid);
    const { credential } = await w.credential(ci.jwt, accessTokenResponse.access_token, { credentialConfigurationId: PID, dpop });
    assert.equal((await verifySdJwtVc(credential, await jwks(ci.jwt), { iss: ci.jwt })).claims.family_name, 'Lovelace');
    assert.deepEqual(await newSessions('ext-as', profiles.pid, before), [], 'no wallet-initiated session');
    const session = (await admin.get(`/api/v1/issuers/ext-as/sessions/${offer.body.sessionId}`)).body;
    assert.deepEqual([session.status, session.credentials.length], ['SUCCESSFUL', 1]);
  });

  it('introspects opaque tokens (RFC 7662, client_secret_basic): active issues, unknown or revoked is invalid_token', async () => {
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const token = await as.bearerToken({ resource: ci.opaque, scope: 'pid', account: 'alice' });
    assert.equal(token.split('.').length, 1, 'an opaque token');
    const issued = await bearerCredential(w, ci.opaque, token);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const { claims } = await verifySdJwtVc(issued.body.credentials[0].credential, await jwks(ci.opaque), { iss: ci.opaque });
    assert.equal(claims.family_name, 'Lovelace', 'the introspection answer carries the claims');

    expectInvalidToken(await bearerCredential(w, ci.opaque, 'an-opaque-token-the-as-never-issued'), /not active/);
    const revoked = await as.bearerToken({ resource: ci.opaque, scope: 'pid', account: 'alice' });
    await as.revoke(revoked);
    expectInvalidToken(await bearerCredential(w, ci.opaque, revoked), /not active/);
    // A JWT of the same AS for another audience is refused too, without introspection.
    expectInvalidToken(
      await bearerCredential(w, ci.opaque, await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' })),
      /not meant for/,
    );
  });

  it('refuses tokens for another audience, from another server, expired, or granting no served configuration', async () => {
    const before = await sessionIds('ext-as', profiles.pid);
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const otherAudience = await as.bearerToken({ resource: OTHER_RESOURCE, scope: 'pid', account: 'alice' });
    assert.equal(decodeJwt(otherAudience).aud, OTHER_RESOURCE);
    expectInvalidToken(await bearerCredential(w, ci.jwt, otherAudience), /not meant for/);
    const foreign = await foreignAs.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' });
    assert.equal(decodeJwt(foreign).iss, foreignAs.issuer);
    expectInvalidToken(await bearerCredential(w, ci.jwt, foreign), /not issued by/);
    as.tamperAccessTokens((payload) => ({ iat: Number(payload['iat']) - 7200, exp: Number(payload['iat']) - 3600 }));
    try {
      expectInvalidToken(
        await bearerCredential(w, ci.jwt, await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' })),
        /expired/,
      );
    } finally {
      as.tamperAccessTokens(undefined);
    }
    assert.deepEqual(await newSessions('ext-as', profiles.pid, before), []);

    // The diploma is granted but has no wallet-initiated profile: refused as a credential request, not as a token.
    const diploma = await as.bearerToken({ resource: ci.jwt, scope: 'diploma', account: 'alice' });
    const proof = await w.proof(ci.jwt, DIPLOMA, await w.newKey());
    const answer = await w.rawCredential(
      ci.jwt,
      { credential_configuration_id: DIPLOMA, proofs: { jwt: [proof] } },
      { authorization: `Bearer ${diploma}` },
    );
    expectRefusal(answer, 400, 'credential_request_denied');
    // A PID request with the diploma token: the token does not grant it.
    expectRefusal(await bearerCredential(w, ci.jwt, diploma), 400, 'invalid_credential_request');
  });

  it('ends the session UNSUCCESSFUL when the token lacks a mapped claim (credential_request_denied), then refuses the token', async () => {
    const before = await sessionIds('ext-as', profiles.pid);
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const token = await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'bob' });
    const denied = await bearerCredential(w, ci.jwt, token);
    expectRefusal(denied, 400, 'credential_request_denied');
    assert.match(denied.body.error_description, /family_name/);
    const [sessionId] = await newSessions('ext-as', profiles.pid, before);
    assert.ok(sessionId, 'the session was created for the first request');
    const session = (await admin.get(`/api/v1/issuers/ext-as/sessions/${sessionId}`)).body;
    assert.deepEqual([session.status, session.credentials.length], ['UNSUCCESSFUL', 0]);
    expectInvalidToken(await bearerCredential(w, ci.jwt, token), /unsuccessful/);
  });

  it('verifies tokens signed with a rotated key (the JWKS is fetched again for an unknown kid)', async () => {
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const first = await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' });
    assert.equal((await bearerCredential(w, ci.jwt, first)).status, 200);
    const [kid] = await as.rotateKeys();
    const rotated = await as.bearerToken({ resource: ci.jwt, scope: 'pid', account: 'alice' });
    assert.equal(decodeProtectedHeader(rotated).kid?.startsWith('rs256-'), true);
    assert.notEqual(decodeProtectedHeader(rotated).kid, decodeProtectedHeader(first).kid, `signed with the new key ${kid}`);
    const answer = await bearerCredential(w, ci.jwt, rotated);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  });

  it('answers a retryable 503 temporarily_unavailable (never invalid_token or a 500) while the AS cannot be reached', async () => {
    const w = await HaipWallet.create({ clientId: WALLET, redirectUri: REDIRECT });
    const token = await downAs.bearerToken({ resource: ci.down, scope: 'pid', account: 'alice' });
    // The wallet has what it needs (metadata, nonce, proof) before the AS goes away; the issuer never reached it yet.
    const proof = await w.proof(ci.down, PID, await w.newKey());
    await downAs.stop();
    const request = { credential_configuration_id: PID, proofs: { jwt: [proof] } };
    const answer = await w.rawCredential(ci.down, request, { authorization: `Bearer ${token}` });
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.body?.error, 'temporarily_unavailable');
    assert.ok(Number(answer.headers.get('retry-after')) > 0, 'Retry-After');
  });
});
