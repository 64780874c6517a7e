import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { EUDI_PID_EXAMPLE } from '@issuer/credentials';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import {
  AdminClient,
  loadOwf,
  owfContext,
  didJwkOf,
  HaipWallet,
  newWalletKey,
  PresentationWallet,
  SseReader,
  startTarget,
  TestWallet,
  waitFor,
  type AuthorizationStart,
  type HolderKey,
  type PresentationRequest,
  type PresenterKey,
  type RawAnswer,
  type RunningPlatform,
} from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'registrar';
const REDIRECT = 'https://wallet.example/cb';
const DIPLOMA_SD = 'diploma_sd_jwt';
const DIPLOMA_W3C = 'diploma_w3c';
const PID_SD = 'pid_sd_jwt';
const PID_VCT = 'urn:eudi:pid:1';
const PID_MDOC = EUDI_PID_EXAMPLE.credentialConfigurationId;
const PID_NS = 'eu.europa.ec.eudi.pid.1';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * The logins a wallet answers itself (API.md §11): `ID_TOKEN` (SIOPv2 self-issued ID token) and `VP_TOKEN`
 * (OpenID4VP 1.0 presentation) over `direct_post`, with the wallet side on independent libraries
 * (`@openid4vc/openid4vci`, `@openid4vc/openid4vp`, `@sd-jwt/sd-jwt-vc`, `jose`): the request object by reference,
 * signed with the issuer's `tokenKeyId`; the response's checks (nonce, audience, signature, trust, status,
 * replay); the login's claims reaching the credential through `idTokenClaimsMapping`.
 */
describe(`wallet logins: ID token and VP token (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let ci: string;
  let pidIssuerJwk: JWK;
  const profiles: Record<'idSd' | 'idW3c' | 'pid' | 'vpSd' | 'vpSdForeign' | 'pidMdoc' | 'vpMdoc' | 'idMdoc' | 'vpW3c', string> = {
    idSd: '',
    idW3c: '',
    pid: '',
    vpSd: '',
    vpSdForeign: '',
    pidMdoc: '',
    vpMdoc: '',
    idMdoc: '',
    vpW3c: '',
  };
  let iacaPem: string;
  let foreign: Awaited<ReturnType<typeof foreignIssuer>>;
  const presenter = new PresentationWallet();

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    const [credentialKey, tokenKey, pidKey, iacaKey, dsKey] = await Promise.all(
      ['secp256r1', 'secp256r1', 'secp256r1', 'secp256r1', 'secp256r1'].map(
        async (type) => (await admin.post('/api/v1/keys', { type })).body,
      ),
    );
    const iaca = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey.keyId,
      subject: { commonName: 'IACA Registrar Test', country: 'DE' },
    });
    assert.equal(iaca.status, 201, JSON.stringify(iaca.body));
    iacaPem = iaca.body.pem;
    const ds = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: dsKey.keyId,
      issuerCertificateId: iaca.body.certificateId,
      subject: { commonName: 'DS Registrar Test', country: 'DE' },
    });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));
    pidIssuerJwk = pidKey.publicJwk;
    const sdConfiguration = (scope: string, vct?: string) => ({
      format: 'dc+sd-jwt',
      scope,
      ...(vct ? { vct } : {}),
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
    });
    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER_ID,
      display: [{ name: 'Registrar', locale: 'en' }],
      tokenKeyId: tokenKey.keyId,
      credentialConfigurations: {
        [DIPLOMA_SD]: sdConfiguration('diploma'),
        [PID_SD]: sdConfiguration('pid', PID_VCT),
        [PID_MDOC]: EUDI_PID_EXAMPLE.credentialConfiguration,
        [DIPLOMA_W3C]: {
          format: 'jwt_vc_json',
          scope: 'diploma_w3c',
          credential_definition: { type: ['VerifiableCredential', 'DiplomaCredential'] },
          cryptographic_binding_methods_supported: ['did:jwk', 'jwk'],
          credential_signing_alg_values_supported: ['ES256'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        },
      },
      authorization: { redirectUris: [REDIRECT] },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));

    const profile = async (body: Record<string, unknown>) => {
      const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.profileId as string;
    };
    profiles.idSd = await profile({
      name: 'Diploma for a DID',
      credentialConfigurationId: DIPLOMA_SD,
      issuerKeyId: credentialKey.keyId,
      credentialData: { degree: 'MSc', holder_id: 'placeholder', nickname: 'placeholder' },
      authentication: { method: 'ID_TOKEN' },
      idTokenClaimsMapping: { '$.sub': '$.holder_id', '$.nickname': '$.nickname' },
    });
    profiles.idW3c = await profile({
      name: 'W3C diploma for a DID',
      credentialConfigurationId: DIPLOMA_W3C,
      issuerKeyId: credentialKey.keyId,
      credentialData: { credentialSubject: { degree: 'BSc' } },
      authentication: { method: 'ID_TOKEN' },
    });
    profiles.pid = await profile({
      name: 'PID',
      credentialConfigurationId: PID_SD,
      issuerKeyId: pidKey.keyId,
      credentialData: { given_name: 'Erika', family_name: 'Mustermann', birthdate: '1964-08-12' },
      selectiveDisclosure: { fields: { given_name: { sd: true }, family_name: { sd: true }, birthdate: { sd: true } } },
      credentialStatus: { type: 'TokenStatusList' },
    });
    profiles.vpSd = await profile({
      name: 'Diploma for a PID holder',
      credentialConfigurationId: DIPLOMA_SD,
      issuerKeyId: credentialKey.keyId,
      credentialData: { degree: 'PhD', holder_id: 'placeholder', nickname: 'placeholder' },
      authentication: {
        method: 'VP_TOKEN',
        dcqlQuery: {
          credentials: [
            {
              id: 'pid',
              format: 'dc+sd-jwt',
              meta: { vct_values: [PID_VCT] },
              claims: [{ path: ['given_name'] }, { path: ['family_name'] }],
            },
          ],
        },
        trustedIssuers: [pidIssuerJwk],
      },
      idTokenClaimsMapping: { '$.pid.given_name': '$.nickname', '$.pid.family_name': '$.holder_id' },
    });
    profiles.pidMdoc = await profile({ ...EUDI_PID_EXAMPLE.profile, issuerKeyId: dsKey.keyId, certificateId: ds.body.certificateId });
    profiles.vpMdoc = await profile({
      name: 'Diploma for a holder of an mdoc PID',
      credentialConfigurationId: DIPLOMA_SD,
      issuerKeyId: credentialKey.keyId,
      credentialData: { degree: 'MEng', holder_id: 'placeholder', nickname: 'placeholder' },
      authentication: {
        method: 'VP_TOKEN',
        dcqlQuery: {
          credentials: [
            {
              id: 'pid',
              format: 'mso_mdoc',
              meta: { doctype_value: PID_MDOC },
              claims: [{ path: [PID_NS, 'given_name'] }, { path: [PID_NS, 'family_name'] }],
            },
          ],
        },
        trustedIssuers: [iacaPem],
      },
      idTokenClaimsMapping: { [`$.pid['${PID_NS}'].given_name`]: '$.nickname', [`$.pid['${PID_NS}'].family_name`]: '$.holder_id' },
    });
    profiles.idMdoc = await profile({
      ...EUDI_PID_EXAMPLE.profile,
      name: 'mdoc for a DID',
      issuerKeyId: dsKey.keyId,
      certificateId: ds.body.certificateId,
      authentication: { method: 'ID_TOKEN' },
      idTokenClaimsMapping: { '$.nickname': `$['${PID_NS}'].given_name` },
    });
    profiles.vpW3c = await profile({
      name: 'W3C diploma for a PID holder',
      credentialConfigurationId: DIPLOMA_W3C,
      issuerKeyId: credentialKey.keyId,
      credentialData: { credentialSubject: { degree: 'BA', family_name: 'placeholder' } },
      authentication: {
        method: 'VP_TOKEN',
        dcqlQuery: {
          credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: [PID_VCT] }, claims: [{ path: ['family_name'] }] }],
        },
        trustedIssuers: [pidIssuerJwk],
      },
      idTokenClaimsMapping: { '$.pid.family_name': '$.credentialSubject.family_name' },
    });
    foreign = await foreignIssuer();
    profiles.vpSdForeign = await profile({
      name: 'Diploma for a holder of a foreign PID',
      credentialConfigurationId: DIPLOMA_SD,
      issuerKeyId: credentialKey.keyId,
      credentialData: { degree: 'MA', holder_id: 'placeholder' },
      authentication: {
        method: 'VP_TOKEN',
        dcqlQuery: {
          credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: [PID_VCT] }, claims: [{ path: ['family_name'] }] }],
        },
        trustedIssuers: [foreign.trusted.publicJwk],
      },
      idTokenClaimsMapping: { '$.pid.family_name': '$.holder_id' },
    });
  });
  after(async () => {
    await platform?.stop();
  });

  /** The session's events, replayed over SSE up to the first `until` event. */
  async function sessionEvents(sessionId: string, until: string) {
    const sse = new SseReader(`${platform.edges.at(-1)}/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    await sse.waitFor((e) => e.event === until);
    sse.close();
    return sse.events;
  }

  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).body;

  /** Offer → PAR (issuer_state) → /authorize → the issuer's redirect to the wallet with its request object. */
  async function requested(
    profileId: string,
  ): Promise<{ sessionId: string; wallet: HaipWallet; start: AuthorizationStart; request: PresentationRequest }> {
    const offer = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profileId}/offers`, { authMethod: 'AUTHORIZED' });
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    const wallet = await HaipWallet.create({ redirectUri: REDIRECT });
    const { start } = await wallet.parFromOffer(offer.body.credentialOffer);
    const authorize = await fetch(wallet.authorizationUrl(start), { redirect: 'manual' });
    assert.equal(authorize.status, 302, await authorize.text());
    const location = authorize.headers.get('location')!;
    assert.ok(location.startsWith(`${REDIRECT}?`), location);
    assert.equal(new URL(location).searchParams.get('client_id'), ci, 'client_id = credential_issuer');
    const request = await presenter.request(location, `${ci}/jwks`);
    return { sessionId: offer.body.sessionId, wallet, start, request };
  }

  /** The direct_post answer's redirect → code → token → credential. */
  async function credentialAfter(flow: { wallet: HaipWallet; start: AuthorizationStart }, answer: RawAnswer, configurationId: string) {
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const code = await flow.wallet.codeFrom(flow.start, answer.body.redirect_uri);
    const { accessTokenResponse, dpop } = await flow.wallet.token(flow.start, code);
    return flow.wallet.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: configurationId, dpop });
  }

  function expectRefused(answer: RawAnswer, error?: string, why?: RegExp) {
    assert.ok(answer.status < 500, `no 5xx: ${answer.status} ${JSON.stringify(answer.body)}`);
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    if (error) assert.equal(answer.body.error, error, JSON.stringify(answer.body));
    if (why) assert.match(answer.body.error_description, why);
    assert.equal(answer.body.redirect_uri, undefined, 'no code for a refused response');
  }

  it('refuses wallet-login profiles it could not serve, naming the field', async () => {
    const plain = await admin.post('/api/v1/issuers', {
      id: 'no-token-key',
      credentialConfigurations: {
        [DIPLOMA_SD]: { format: 'dc+sd-jwt', vct: 'urn:diploma' },
      },
    });
    assert.equal(plain.status, 201, JSON.stringify(plain.body));
    const key = (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body;
    const base = { name: 'x', credentialConfigurationId: DIPLOMA_SD, issuerKeyId: key.keyId, credentialData: { degree: 'x' } };
    const refused = async (issuerId: string, authentication: unknown) => {
      const answer = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { ...base, authentication });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      return (answer.body.errors as { path: string }[]).map((e) => e.path);
    };
    assert.deepEqual(await refused('no-token-key', { method: 'ID_TOKEN' }), ['authentication.method'], 'request objects need tokenKeyId');
    const query = { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: [PID_VCT] } }] };
    assert.ok((await refused(ISSUER_ID, { method: 'VP_TOKEN', dcqlQuery: query })).includes('authentication.trustedIssuers'));
    const badQuery = await refused(ISSUER_ID, {
      method: 'VP_TOKEN',
      dcqlQuery: { credentials: [{ id: 'pid', format: 'nonsense' }] },
      trustedIssuers: [pidIssuerJwk],
    });
    assert.ok(
      badQuery.some((path) => path.startsWith('authentication.dcqlQuery')),
      badQuery.join(', '),
    );
    const badTrust = await refused(ISSUER_ID, {
      method: 'VP_TOKEN',
      dcqlQuery: query,
      trustedIssuers: ['not a key', { kty: 'EC', d: 'secret' }],
    });
    assert.ok(
      badTrust.includes('authentication.trustedIssuers.0') && badTrust.includes('authentication.trustedIssuers.1'),
      badTrust.join(', '),
    );
  });

  it('answers malformed wallet responses and request object ids with 4xx OAuth errors, never a 5xx', async () => {
    const post = async (body: string, contentType = 'application/x-www-form-urlencoded') => {
      const response = await fetch(`${ci}/direct_post`, { method: 'POST', headers: { 'content-type': contentType }, body });
      const text = await response.text();
      assert.ok(response.status >= 400 && response.status < 500, `${response.status} for ${body.slice(0, 80)}: ${text.slice(0, 200)}`);
      return { status: response.status, body: JSON.parse(text) as { error: string } };
    };
    // Without a usable state nothing is taken.
    for (const body of ['', 'state=', 'state=a&state=b', 'id_token=x', `state=${'s'.repeat(100_000)}`, 'state=%zz'])
      assert.equal((await post(body)).body.error, 'invalid_request', body.slice(0, 40));
    assert.equal((await post(JSON.stringify({ state: 'x' }), 'application/json')).body.error, 'invalid_request');
    // With a pending login's state, any malformed answer ends that login with a refusal.
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const [profile, field, value] of [
      ['idW3c', 'id_token', 'not.a.jwt'],
      ['idW3c', 'id_token', 'x'.repeat(200_000)],
      ['vpSd', 'vp_token', 'not json'],
      ['vpSd', 'vp_token', deep],
      ['vpSd', 'vp_token', JSON.stringify({ pid: 'not-an-array' })],
      ['vpSd', 'vp_token', JSON.stringify({ other: ['x'] })],
      ['vpSd', 'vp_token', JSON.stringify({ pid: [{ not: 'a string' }] })],
    ] as const) {
      const flow = await requested(profiles[profile]);
      const answer = await post(new URLSearchParams({ state: flow.request.payload['state'], [field]: value }).toString());
      assert.equal(answer.status, 400, `${field}=${value.slice(0, 40)}`);
      assert.equal((await session(flow.sessionId)).status, 'UNSUCCESSFUL', `${field}=${value.slice(0, 40)}`);
    }
    for (const id of ['x', '..', UNKNOWN, `${UNKNOWN}%00`, 'a'.repeat(5000)]) {
      const response = await fetch(`${ci}/request/${id}`);
      assert.ok(response.status >= 400 && response.status < 500, `${id.slice(0, 40)}: ${response.status}`);
    }
  });

  describe('ID token (SIOPv2)', () => {
    it('sends a signed request object (tokenKeyId, id_token, direct_post, nonce, state) and issues to the DID the wallet proved', async () => {
      const flow = await requested(profiles.idSd);
      const { payload } = flow.request;
      assert.equal(payload['response_type'], 'id_token');
      assert.equal(payload['response_mode'], 'direct_post');
      assert.equal(payload['response_uri'], `${ci}/direct_post`);
      assert.equal(payload['client_id'], ci);
      assert.ok(typeof payload['nonce'] === 'string' && payload['nonce'].length >= 32);
      assert.ok(typeof payload['state'] === 'string' && payload['state'].length >= 32);
      const holder = await newWalletKey();
      const idToken = await presenter.idToken(flow.request, holder, { claims: { nickname: 'Ada' } });
      const { credential } = await credentialAfter(flow, await presenter.post(flow.request, { id_token: idToken }), DIPLOMA_SD);
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
      const { payload: issued, claims } = await verifySdJwtVc(credential, jwks, { iss: ci });
      assert.equal(claims.holder_id, didJwkOf(holder), 'the ID token subject reached the credential through the mapping');
      assert.equal(claims.nickname, 'Ada');
      assert.equal(issued.sub, didJwkOf(holder), 'SD-JWT VC sub = the DID proved at login');
      const done = await session(flow.sessionId);
      assert.equal(done.status, 'SUCCESSFUL');
      const events = await sessionEvents(flow.sessionId, 'issuance_status_changed');
      const names = events.map((e) => e.event);
      for (const name of [
        'pushed_authorization_request_succeeded',
        'authorization_request_succeeded',
        'token_request_authorization_code_succeeded',
      ])
        assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      assert.equal(events.find((e) => e.event === 'authorization_request_succeeded')?.data.data?.method, 'ID_TOKEN');
    });

    it('makes the proved DID the W3C credentialSubject.id', async () => {
      const flow = await requested(profiles.idW3c);
      const holder = await newWalletKey();
      const idToken = await presenter.idToken(flow.request, holder);
      const { credential } = await credentialAfter(flow, await presenter.post(flow.request, { id_token: idToken }), DIPLOMA_W3C);
      const vc = decodeJwt(credential) as { vc: { credentialSubject: { id: string; degree: string } }; sub?: string };
      assert.equal(vc.vc.credentialSubject.id, didJwkOf(holder));
      assert.equal(vc.vc.credentialSubject.degree, 'BSc');
    });

    it('issues an mdoc after an ID token login, the ID token claims mapped into its namespace', async () => {
      const flow = await requested(profiles.idMdoc);
      const holder = await newWalletKey();
      const idToken = await presenter.idToken(flow.request, holder, { claims: { nickname: 'Ada' } });
      const { credential } = await credentialAfter(flow, await presenter.post(flow.request, { id_token: idToken }), PID_MDOC);
      const owf = await loadOwf();
      const claims = owf.IssuerSigned.fromEncodedForOid4Vci(credential).getPrettyClaims(PID_NS) as Record<string, unknown>;
      assert.equal(claims['given_name'], 'Ada');
      assert.equal(claims['family_name'], 'Mustermann', 'unmapped data stays');
    });

    it('accepts a JWK thumbprint subject with sub_jwk', async () => {
      const flow = await requested(profiles.idW3c);
      const holder = await newWalletKey();
      const idToken = await presenter.idToken(flow.request, holder, { subject: 'jwk-thumbprint' });
      const { credential } = await credentialAfter(flow, await presenter.post(flow.request, { id_token: idToken }), DIPLOMA_W3C);
      assert.ok(decodeJwt(credential).vc, 'a W3C credential is issued');
    });

    it('refuses a wrong nonce, a wrong audience, a foreign signature and an expired token; the session ends UNSUCCESSFUL', async () => {
      const holder = await newWalletKey();
      const other = await newWalletKey();
      const cases: [string, (request: PresentationRequest) => Promise<string>][] = [
        ['nonce', (request) => presenter.idToken(request, holder, { change: { nonce: 'not-the-nonce' } })],
        ['aud', (request) => presenter.idToken(request, holder, { change: { aud: 'https://verifier.example' } })],
        [
          'signature',
          async (request) => {
            const [header, payload] = (await presenter.idToken(request, holder)).split('.');
            const foreign = (await presenter.idToken(request, other)).split('.')[2];
            return `${header}.${payload}.${foreign}`;
          },
        ],
        ['exp', (request) => presenter.idToken(request, holder, { change: { exp: Math.floor(Date.now() / 1000) - 600 } })],
        ['iss', (request) => presenter.idToken(request, holder, { change: { iss: didJwkOf(other) } })],
      ];
      for (const [name, make] of cases) {
        const flow = await requested(profiles.idW3c);
        const answer = await presenter.post(flow.request, { id_token: await make(flow.request) });
        expectRefused(answer);
        const ended = await session(flow.sessionId);
        assert.equal(ended.status, 'UNSUCCESSFUL', `${name}: ${JSON.stringify(ended)}`);
      }
    });

    it('answers a replayed or unknown state with 400 and never serves an answered request again', async () => {
      const flow = await requested(profiles.idW3c);
      const holder = await newWalletKey();
      const idToken = await presenter.idToken(flow.request, holder);
      const first = await presenter.post(flow.request, { id_token: idToken });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      expectRefused(await presenter.post(flow.request, { id_token: idToken }), 'invalid_request');
      expectRefused(
        await presenter.post({ ...flow.request, payload: { ...flow.request.payload, state: 'unknown' } }, { id_token: idToken }),
      );
      const again = await fetch(
        new URL(flow.request.payload['response_uri']).href.replace(
          '/direct_post',
          `/request/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
        ),
      );
      assert.equal(again.status, 404);
    });

    it('a wallet that declines (error=access_denied) ends the session REJECTED_BY_USER', async () => {
      const flow = await requested(profiles.idSd);
      const answer = await presenter.post(flow.request, { error: 'access_denied' });
      expectRefused(answer, 'access_denied');
      assert.equal((await session(flow.sessionId)).status, 'REJECTED_BY_USER');
    });
  });

  describe('VP token (OpenID4VP 1.0)', () => {
    /** A PID from this platform's pre-authorized flow, to present. */
    async function pid(): Promise<{ credential: string; holder: HolderKey; sessionId: string }> {
      const offer = await createOffer(admin, ISSUER_ID, profiles.pid);
      const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
      return { credential: result.credentials[0]!, holder: result.holderKeys[0]!, sessionId: offer.sessionId };
    }

    it('issues a diploma to the holder of a PID: the disclosed claims reach it through the mapping keyed by the query id', async () => {
      const { credential, holder } = await pid();
      const flow = await requested(profiles.vpSd);
      const { payload } = flow.request;
      assert.equal(payload['response_type'], 'vp_token');
      assert.deepEqual(payload['dcql_query'].credentials[0].id, 'pid');
      const presentation = await presenter.sdJwtPresentation(
        credential,
        holder,
        { given_name: true, family_name: true },
        {
          nonce: payload['nonce'],
          aud: payload['client_id'],
        },
      );
      const answer = await presenter.submitVpToken(flow.request, { pid: [presentation] });
      const { credential: diploma } = await credentialAfter(flow, answer, DIPLOMA_SD);
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
      const { claims } = await verifySdJwtVc(diploma, jwks, { iss: ci });
      assert.equal(claims.nickname, 'Erika');
      assert.equal(claims.holder_id, 'Mustermann');
      assert.equal(claims.degree, 'PhD');
    });

    it('issues a diploma to the holder of an mdoc PID: DeviceResponse by @owf/mdoc over the OpenID4VP session transcript, IACA trusted', async () => {
      const offer = await createOffer(admin, ISSUER_ID, profiles.pidMdoc);
      const issued = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
      const holder = issued.holderKeys[0]!;
      const owf = await loadOwf();
      const ctx = owfContext(owf) as never;
      const present = async (request: PresentationRequest, signer: HolderKey) => {
        const transcript = await owf.SessionTranscript.forOid4Vp(
          { clientId: request.payload['client_id'], nonce: request.payload['nonce'], responseUri: request.payload['response_uri'] },
          ctx,
        );
        const deviceRequest = owf.DeviceRequest.create({
          docRequests: [
            owf.DocRequest.create({
              itemsRequest: owf.ItemsRequest.create({
                docType: PID_MDOC,
                namespaces: { [PID_NS]: { given_name: false, family_name: false } },
              }),
            }),
          ],
        });
        const response = await owf.Holder.createDeviceResponseForDeviceRequest(
          {
            deviceRequest,
            sessionTranscript: transcript,
            issuerSigned: [owf.IssuerSigned.fromEncodedForOid4Vci(issued.credentials[0]!)],
            signature: { signingKey: owf.CoseKey.fromJwk({ ...(await exportJWK(signer.privateKey)), alg: signer.alg } as never) },
          } as never,
          ctx,
        );
        return response.encodedForOid4Vp as string;
      };
      const flow = await requested(profiles.vpMdoc);
      const answer = await presenter.submitVpToken(flow.request, { pid: [await present(flow.request, holder)] });
      const { credential } = await credentialAfter(flow, answer, DIPLOMA_SD);
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
      const { claims } = await verifySdJwtVc(credential, jwks, { iss: ci });
      assert.equal(claims.nickname, 'Erika');
      assert.equal(claims.holder_id, 'Mustermann');

      // Device-signed by another key than the MSO's device key: refused.
      const other = await new TestWallet().newHolderKey();
      const refusedFlow = await requested(profiles.vpMdoc);
      expectRefused(await presenter.submitVpToken(refusedFlow.request, { pid: [await present(refusedFlow.request, other)] }));
      assert.equal((await session(refusedFlow.sessionId)).status, 'UNSUCCESSFUL');
    });

    it('issues a W3C credential after a VP token login', async () => {
      const { credential, holder } = await pid();
      const flow = await requested(profiles.vpW3c);
      const presentation = await presenter.sdJwtPresentation(
        credential,
        holder,
        { family_name: true },
        {
          nonce: flow.request.payload['nonce'],
          aud: ci,
        },
      );
      const { credential: diploma } = await credentialAfter(
        flow,
        await presenter.submitVpToken(flow.request, { pid: [presentation] }),
        DIPLOMA_W3C,
      );
      const vc = decodeJwt(diploma) as { vc: { credentialSubject: Record<string, string> } };
      assert.equal(vc.vc.credentialSubject['family_name'], 'Mustermann');
      assert.equal(vc.vc.credentialSubject['degree'], 'BA');
    });

    it('accepts a PID from a foreign issuer whose key is trusted, and refuses one whose key is not', async () => {
      const holder = await newWalletKey();
      const trustedFlow = await requested(profiles.vpSdForeign);
      const trusted = await foreign.trusted.issue(holder, trustedFlow.request);
      const { credential } = await credentialAfter(
        trustedFlow,
        await presenter.submitVpToken(trustedFlow.request, { pid: [trusted] }),
        DIPLOMA_SD,
      );
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
      assert.equal((await verifySdJwtVc(credential, jwks, { iss: ci })).claims.holder_id, 'Novak');

      const untrustedFlow = await requested(profiles.vpSdForeign);
      const untrusted = await foreign.untrusted.issue(holder, untrustedFlow.request);
      expectRefused(await presenter.submitVpToken(untrustedFlow.request, { pid: [untrusted] }), 'access_denied', /trusted/);
      assert.equal((await session(untrustedFlow.sessionId)).status, 'UNSUCCESSFUL');
    });

    it('refuses a wrong nonce or audience in the KB-JWT, a tampered disclosure, a missing key binding and an unmet query', async () => {
      const { credential, holder } = await pid();
      const cases: [string, (request: PresentationRequest) => Promise<Record<string, string[]>>][] = [
        ['kb nonce', async () => ({ pid: [await presenter.sdJwtPresentation(credential, holder, BOTH, { nonce: 'other', aud: ci })] })],
        [
          'kb aud',
          async (r) => ({
            pid: [await presenter.sdJwtPresentation(credential, holder, BOTH, { nonce: r.payload['nonce'], aud: 'https://x.example' })],
          }),
        ],
        [
          'tampered disclosure',
          async (r) => {
            const presented = await presenter.sdJwtPresentation(credential, holder, BOTH, { nonce: r.payload['nonce'], aud: ci });
            const parts = presented.split('~');
            const index = parts.findIndex((part, i) => i > 0 && JSON.parse(Buffer.from(part, 'base64url').toString())[1] === 'given_name');
            const [salt, name] = JSON.parse(Buffer.from(parts[index]!, 'base64url').toString());
            parts[index] = Buffer.from(JSON.stringify([salt, name, 'Mallory'])).toString('base64url');
            return { pid: [parts.join('~')] };
          },
        ],
        ['no key binding', async () => ({ pid: [credential] })],
        [
          'query not met',
          async (r) => ({
            pid: [await presenter.sdJwtPresentation(credential, holder, { given_name: true }, { nonce: r.payload['nonce'], aud: ci })],
          }),
        ],
      ];
      for (const [name, make] of cases) {
        const flow = await requested(profiles.vpSd);
        const answer = await presenter.post(flow.request, { vp_token: JSON.stringify(await make(flow.request)) });
        assert.equal(answer.status, 400, `${name}: ${JSON.stringify(answer.body)}`);
        expectRefused(answer);
        assert.equal((await session(flow.sessionId)).status, 'UNSUCCESSFUL', name);
      }
    });

    it('refuses a revoked PID (read from its status list) and a replayed response', async () => {
      const { credential, holder } = await pid();
      const flow = await requested(profiles.vpSd);
      const presentation = await presenter.sdJwtPresentation(credential, holder, BOTH, { nonce: flow.request.payload['nonce'], aud: ci });
      const answer = await presenter.submitVpToken(flow.request, { pid: [presentation] });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      expectRefused(await presenter.post(flow.request, { vp_token: JSON.stringify({ pid: [presentation] }) }), 'invalid_request');

      const revokedPid = await pid();
      const status = (decodeJwt(revokedPid.credential.split('~')[0]!) as { status: { status_list: { idx: number; uri: string } } }).status
        .status_list;
      const issued = (await session(revokedPid.sessionId)).credentials[0] as { credentialId: string };
      const revoked = await admin.put(`/api/v1/issuers/${ISSUER_ID}/credentials/${issued.credentialId}/status`, { status: 'REVOKED' });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      await waitForListBit(status.uri, status.idx, 1);
      const refusedFlow = await requested(profiles.vpSd);
      const refused = await presenter.sdJwtPresentation(revokedPid.credential, revokedPid.holder, BOTH, {
        nonce: refusedFlow.request.payload['nonce'],
        aud: ci,
      });
      expectRefused(await presenter.submitVpToken(refusedFlow.request, { pid: [refused] }), 'access_denied', /revoked/);
      assert.equal((await session(refusedFlow.sessionId)).status, 'UNSUCCESSFUL');
      const failed = (await sessionEvents(refusedFlow.sessionId, 'issuance_status_changed')).find(
        (e) => e.event === 'authorization_request_failed',
      );
      assert.equal(failed?.data.data?.method, 'VP_TOKEN');
      assert.equal(failed?.data.error, 'access_denied');
    });
  });
});

const BOTH = { given_name: true, family_name: true };

/** Polls a Token Status List until the entry shows the value (lists are re-signed at most once per interval). */
async function waitForListBit(uri: string, idx: number, value: number): Promise<void> {
  await waitFor(`status ${value} at index ${idx} of ${uri}`, async () => {
    const token = await (await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } })).text();
    return getListFromStatusListJWT(token).getStatus(idx) === value;
  });
}

/** Two foreign PID issuers with their own keys (SD-JWT VC by @sd-jwt/sd-jwt-vc): one trusted by the profile, one not. */
async function foreignIssuer() {
  const make = async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const sdjwt = new SDJwtVcInstance({
      hasher: (data: string | ArrayBuffer) =>
        createHash('sha256')
          .update(typeof data === 'string' ? data : Buffer.from(data))
          .digest(),
      saltGenerator: () => randomBytes(16).toString('base64url'),
      signAlg: 'ES256',
      signer: async (data: string) => {
        const jws = await new SignJWT(JSON.parse(Buffer.from(data.split('.')[1]!, 'base64url').toString()))
          .setProtectedHeader(JSON.parse(Buffer.from(data.split('.')[0]!, 'base64url').toString()))
          .sign(privateKey);
        return jws.split('.')[2]!;
      },
    });
    return {
      publicJwk,
      /** A PID for the holder key, presented (with key binding) for the request. */
      issue: async (holder: PresenterKey, request: PresentationRequest) => {
        const credential = await sdjwt.issue(
          {
            iss: 'https://pid-provider.example',
            vct: PID_VCT,
            iat: Math.floor(Date.now() / 1000),
            cnf: { jwk: holder.publicJwk },
            given_name: 'Jan',
            family_name: 'Novak',
          } as never,
          { _sd: ['given_name', 'family_name'] } as never,
          { header: { typ: 'dc+sd-jwt' } },
        );
        return new PresentationWallet().sdJwtPresentation(credential, holder, BOTH, {
          nonce: request.payload['nonce'],
          aud: request.payload['client_id'],
        });
      },
    };
  };
  return { trusted: await make(), untrusted: await make() };
}
