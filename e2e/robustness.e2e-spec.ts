import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { BAD_IDS, DEEP, deepJson, nested, OVERSIZED, ProbeChecker, sample, UNKNOWN_UUID, type Probe } from './robustness-probes';
import { createOffer, credentialRequest, nonceRequest, preAuthorizedCodeOf, proofFor, tokenRequest } from './protocol-helpers';

/**
 * "Bad input gets a clear error, never a 5xx": a bounded, deterministic (seeded) set of malformed
 * requests against every admin and wallet endpoint of API.md that this build serves. Each answer is
 * checked for its status (< 500) and its error format (problem+json on /api, `{error,
 * error_description}` elsewhere, `WWW-Authenticate` on 401). Afterwards the platform must still issue,
 * and no offer may have left a session behind.
 */

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER = 'robust';
const SPARE = 'robust-spare';
const PRE_AUTH_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describe(`robustness: bad input gets a clear error, never a 5xx (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  let spare: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  let accessToken: string;
  let unspentCode: string;

  const probes = new ProbeChecker(() => platform);
  const { violations, unexpectedSuccesses, withoutRequestId } = probes;
  const adminAuth = () => probes.adminAuth();
  const check = (probe: Probe) => probes.check(probe);
  const jsonBodyProbes = (...args: Parameters<ProbeChecker['jsonBodyProbes']>) => probes.jsonBodyProbes(...args);
  const offersPath = () => `/api/v1/issuers/${ISSUER}/profiles/${fixture.profileId}/offers`;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, { issuerId: ISSUER });
    spare = await createSdJwtIssuer(admin, { issuerId: SPARE });
    const tokenOffer = await createOffer(admin, ISSUER, fixture.profileId);
    const unspentOffer = await createOffer(admin, ISSUER, fixture.profileId, { sessionId: 'robust-unspent' });
    probes.offersCreated += 2;
    const token = await tokenRequest(platform.baseUrl, ISSUER, {
      'pre-authorized_code': await preAuthorizedCodeOf(tokenOffer.credentialOfferUri!),
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    accessToken = token.body.access_token;
    unspentCode = await preAuthorizedCodeOf(unspentOffer.credentialOfferUri!);
  });
  after(async () => platform?.stop());

  it('admin: keys, issuers and profiles refuse malformed bodies, ids and queries', async () => {
    const keys: Probe[] = [
      ...jsonBodyProbes('POST', '/api/v1/keys', { type: 'ed25519', name: 'k' }, 6),
      ...jsonBodyProbes('POST', '/api/v1/keys/import', { jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'AAAA' }, name: 'k' }, 5),
      ...[
        'limit=0',
        'limit=-1',
        'limit=abc',
        'limit=1&limit=2',
        'cursor=not-a-uuid',
        'cursor=%00',
        'unknown=1',
        'limit=99999999999999999999',
      ].map((query) => ({ label: `query ${query}`, method: 'GET', path: `/api/v1/keys?${query}`, headers: adminAuth() })),
    ];
    for (const [label, id] of sample(BAD_IDS, 6)) {
      keys.push({ label: `key id ${label}`, method: 'GET', path: `/api/v1/keys/${id}`, headers: adminAuth() });
      keys.push({ label: `key id ${label}`, method: 'DELETE', path: `/api/v1/keys/${id}`, headers: adminAuth() });
    }

    const issuerBody = {
      id: SPARE,
      display: [{ name: 'Spare', locale: 'en' }],
      credentialConfigurations: { identity_sd_jwt: { format: 'dc+sd-jwt', cryptographic_binding_methods_supported: ['jwk'] } },
      batchSize: 2,
      tokenKeyId: spare.keyId,
    };
    const issuers: Probe[] = [
      ...jsonBodyProbes('POST', '/api/v1/issuers', { ...issuerBody, id: 'robust-new' }, 10),
      ...jsonBodyProbes('PUT', `/api/v1/issuers/${SPARE}`, issuerBody, 10),
      {
        label: 'NUL deep in a configuration',
        method: 'POST',
        path: '/api/v1/issuers',
        headers: { ...adminAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'robust-nul',
          credentialConfigurations: { a: { format: 'dc+sd-jwt', credential_metadata: { display: [{ name: 'a\u0000' }] } } },
        }),
      },
      {
        label: 'NUL in a key',
        method: 'POST',
        path: '/api/v1/issuers',
        headers: { ...adminAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'robust-nul', credentialConfigurations: { 'a\u0000': { format: 'dc+sd-jwt' } } }),
      },
    ];
    for (const [label, id] of sample(BAD_IDS, 7)) {
      for (const method of ['GET', 'DELETE'])
        issuers.push({ label: `issuer id ${label}`, method, path: `/api/v1/issuers/${id}`, headers: adminAuth() });
      issuers.push({ label: `issuer id ${label}`, method: 'GET', path: `/api/v1/issuers/${id}/profiles`, headers: adminAuth() });
    }

    const profileBody = {
      name: 'Spare',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: spare.keyId,
      credentialData: { given_name: 'Erika' },
    };
    const profiles: Probe[] = [
      ...jsonBodyProbes('POST', `/api/v1/issuers/${SPARE}/profiles`, profileBody, 10),
      ...jsonBodyProbes('PUT', `/api/v1/issuers/${SPARE}/profiles/${spare.profileId}`, profileBody, 8),
      ...[
        ['credentialData', DEEP],
        ['selectiveDisclosure', { fields: DEEP }],
        ['mapping', { a: DEEP }],
        ['credentialData', { 'k\u0000': 1 }],
        ['credentialData', { text: 'x\u0000y' }],
        ['x5Chain', ['-----BEGIN CERTIFICATE-----\n\u0000\n-----END CERTIFICATE-----']],
        ['validity', { validFor: '9'.repeat(400) + 'd' }],
      ].map(([field, value]) => ({
        label: `profile ${field as string} hostile`,
        method: 'POST',
        path: `/api/v1/issuers/${SPARE}/profiles`,
        headers: { ...adminAuth(), 'content-type': 'application/json' },
        body: deepJson({ ...profileBody, [field as string]: value }, 5000),
      })),
    ];
    for (const [label, id] of sample(BAD_IDS, 6)) {
      for (const method of ['GET', 'DELETE'])
        profiles.push({ label: `profile id ${label}`, method, path: `/api/v1/issuers/${SPARE}/profiles/${id}`, headers: adminAuth() });
    }
    for (const probe of [...keys, ...issuers, ...profiles]) await check(probe);

    const issuer = await admin.get(`/api/v1/issuers/${ISSUER}`);
    assert.equal(issuer.status, 200, 'the fixture issuer survived');
    const profile = await admin.get(`/api/v1/issuers/${ISSUER}/profiles/${fixture.profileId}`);
    assert.equal(profile.body.status, 'ACTIVE');
    assert.equal(profile.body.version, 1, 'nothing touched the fixture profile');
    assert.equal((await admin.get(`/api/v1/keys/${fixture.keyId}`)).status, 200);
    assert.deepEqual(violations, []);
  });

  it('admin: offers, batch offers, sessions and event streams refuse malformed input', async () => {
    const json = { ...adminAuth(), 'content-type': 'application/json' };
    const offerBody = {
      authMethod: 'PRE_AUTHORIZED',
      expiresInSeconds: 600,
      txCode: { length: 4 },
      txCodeValue: '1234',
      sessionId: 'robust-never',
    };
    const probes: Probe[] = [
      ...jsonBodyProbes('POST', offersPath(), offerBody, 16, true),
      ...jsonBodyProbes('POST', `${offersPath()}/batch`, { offers: [offerBody] }, 6, true),
      ...[
        ['runtimeOverrides', { credentialData: DEEP }],
        ['runtimeOverrides', { credentialData: { 'x\u0000': 1 } }],
        ['runtimeOverrides', { credentialData: { x: 'a\u0000' } }],
        ['runtimeOverrides', { issuerKeyId: UNKNOWN_UUID }],
        ['runtimeOverrides', { mapping: { a: '<webhook-json:http://127.0.0.1/x>' } }],
        ['txCode', { length: 4, input_mode: 'numeric', description: 'a\u0000' }],
        ['sessionId', 'robust\u0000'],
        ['expiresInSeconds', Number.MAX_SAFE_INTEGER],
      ].map(([field, value]) => ({
        label: `offer ${field as string} hostile`,
        method: 'POST',
        path: offersPath(),
        headers: json,
        body: deepJson({ ...offerBody, txCode: undefined, txCodeValue: undefined, [field as string]: value }, 5000),
        offers: true,
      })),
      ...[
        { offers: [] },
        { offers: Array.from({ length: 1001 }, () => ({ authMethod: 'PRE_AUTHORIZED' })) },
        {
          offers: [
            { authMethod: 'PRE_AUTHORIZED', sessionId: 'robust-dup' },
            { authMethod: 'PRE_AUTHORIZED', sessionId: 'robust-dup' },
          ],
        },
        { offers: [{ authMethod: 'PRE_AUTHORIZED' }, null, 7, 'x'] },
        { offers: [{ authMethod: 'PRE_AUTHORIZED' }, { authMethod: 'PRE_AUTHORIZED', runtimeOverrides: { credentialData: DEEP } }] },
        { offers: [{ authMethod: 'PRE_AUTHORIZED', sessionId: 'robust-unspent' }] },
      ].map((body, index) => ({
        label: `batch ${index}`,
        method: 'POST',
        path: `${offersPath()}/batch`,
        headers: json,
        body: deepJson(body, 5000),
        offers: true,
      })),
      {
        label: 'existing sessionId',
        method: 'POST',
        path: offersPath(),
        headers: json,
        body: JSON.stringify({ authMethod: 'PRE_AUTHORIZED', sessionId: 'robust-unspent' }),
        offers: true,
      },
    ];
    for (const [label, id] of sample(BAD_IDS, 5)) {
      probes.push({
        label: `issuer id ${label}`,
        method: 'POST',
        path: `/api/v1/issuers/${id}/profiles/${fixture.profileId}/offers`,
        headers: json,
        body: JSON.stringify({ authMethod: 'PRE_AUTHORIZED' }),
        offers: true,
      });
      probes.push({
        label: `profile id ${label}`,
        method: 'POST',
        path: `/api/v1/issuers/${ISSUER}/profiles/${id}/offers/batch`,
        headers: json,
        body: JSON.stringify({ offers: [{ authMethod: 'PRE_AUTHORIZED' }] }),
        offers: true,
      });
    }

    for (const query of [
      'status=DONE',
      'status=',
      'limit=0',
      'limit=501',
      'limit=1.5',
      'limit=x&limit=y',
      'cursor=%00',
      'cursor=' + 'c'.repeat(200),
      'profileId=%00',
      "profileId='%3B--",
      'unknown=1',
      'status=ACTIVE&status=EXPIRED',
    ]) {
      probes.push({ label: `sessions ${query}`, method: 'GET', path: `/api/v1/issuers/${ISSUER}/sessions?${query}`, headers: adminAuth() });
    }
    probes.push({
      label: 'sessions, valid unknown cursor',
      method: 'GET',
      path: `/api/v1/issuers/${ISSUER}/sessions?cursor=nobody`,
      headers: adminAuth(),
      expect: 'any',
    });
    for (const [label, id] of sample(BAD_IDS, 6)) {
      probes.push({ label: `session id ${label}`, method: 'GET', path: `/api/v1/issuers/${ISSUER}/sessions/${id}`, headers: adminAuth() });
      probes.push({
        label: `session id ${label}`,
        method: 'DELETE',
        path: `/api/v1/issuers/${ISSUER}/sessions/${id}`,
        headers: adminAuth(),
      });
      probes.push({
        label: `session id ${label}`,
        method: 'GET',
        path: `/api/v1/issuers/${ISSUER}/sessions/${id}/events`,
        headers: adminAuth(),
        stream: true,
      });
      probes.push({ label: `issuer id ${label}`, method: 'GET', path: `/api/v1/issuers/${id}/events`, headers: adminAuth(), stream: true });
      probes.push({ label: `issuer id ${label}`, method: 'GET', path: `/api/v1/issuers/${id}/sessions`, headers: adminAuth() });
    }
    for (const [label, headers] of [
      ['no key', {}],
      ['wrong key', { authorization: 'Bearer wrong-key-0123456789abcdef' }],
      ['Basic', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ['bare Bearer', { authorization: 'Bearer' }],
      ['two tokens', { authorization: `Bearer ${platform.adminKey} extra` }],
    ] as const) {
      probes.push({ label, method: 'GET', path: `/api/v1/issuers/${ISSUER}/sessions`, headers });
      probes.push({ label, method: 'GET', path: `/api/v1/issuers/${ISSUER}/events`, headers, stream: true });
      probes.push({ label, method: 'DELETE', path: `/api/v1/issuers/${ISSUER}/sessions/robust-unspent`, headers });
    }
    // Garbage resume positions on a real stream: the stream opens (200) and is closed at once.
    for (const lastEventId of ['garbage', "'; DROP TABLE issuer_api.events; --", UNKNOWN_UUID]) {
      probes.push({
        label: `Last-Event-ID ${lastEventId}`,
        method: 'GET',
        path: `/api/v1/issuers/${ISSUER}/events`,
        headers: { ...adminAuth(), 'last-event-id': lastEventId },
        stream: true,
        expect: 'any',
      });
    }
    probes.push({
      label: 'lastEventId query NUL',
      method: 'GET',
      path: `/api/v1/issuers/${ISSUER}/events?lastEventId=%00`,
      headers: adminAuth(),
      stream: true,
      expect: 'any',
    });
    for (const probe of probes) await check(probe);

    assert.equal((await admin.get(`/api/v1/issuers/${ISSUER}/sessions/robust-unspent`)).status, 200, 'the unspent session was not purged');
    assert.deepEqual(violations, []);
  });

  it('wallet: metadata, offer URI, token, nonce, credential, jwks and types refuse malformed requests', async () => {
    const probes: Probe[] = [];
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const issuerPaths = (id: string) => [
      ['GET', `/.well-known/openid-credential-issuer/issuers/${id}`],
      ['GET', `/issuers/${id}/.well-known/openid-credential-issuer`],
      ['GET', `/.well-known/oauth-authorization-server/issuers/${id}`],
      ['GET', `/issuers/${id}/.well-known/oauth-authorization-server`],
      ['GET', `/.well-known/jwt-vc-issuer/issuers/${id}`],
      ['GET', `/issuers/${id}/.well-known/jwt-vc-issuer`],
      ['GET', `/issuers/${id}/jwks`],
      ['GET', `/issuers/${id}/types/identity_sd_jwt`],
      ['GET', `/issuers/${id}/offers/${UNKNOWN_UUID}`],
      ['POST', `/issuers/${id}/nonce`],
      ['POST', `/issuers/${id}/token`],
      ['POST', `/issuers/${id}/credential`],
    ];
    for (const [label, id] of BAD_IDS) {
      for (const [method, path] of sample(issuerPaths(id), 3)) {
        probes.push({
          label: `issuer id ${label}`,
          method,
          path,
          headers: method === 'POST' ? form : undefined,
          body: method === 'POST' ? 'a=1' : undefined,
        });
      }
      probes.push({ label: `offer id ${label}`, method: 'GET', path: `/issuers/${ISSUER}/offers/${id}` });
      probes.push({ label: `type ${label}`, method: 'GET', path: `/issuers/${ISSUER}/types/${id}` });
    }
    // Unknown query parameters are ignored on public documents.
    for (const [, path] of issuerPaths(ISSUER).slice(0, 8)) {
      probes.push({ label: 'unknown query', method: 'GET', path: `${path}?unknown=1&unknown=%00&x=%zz`, expect: 'any' });
    }
    probes.push({
      label: 'If-None-Match garbage',
      method: 'GET',
      path: `/issuers/${ISSUER}/jwks`,
      headers: { 'if-none-match': `"${'x'.repeat(500)}"` },
      expect: 'any',
    });

    const token = `/issuers/${ISSUER}/token`;
    const grant = `grant_type=${encodeURIComponent(PRE_AUTH_GRANT)}`;
    const code = `pre-authorized_code=${encodeURIComponent(unspentCode)}`;
    for (const [label, body, headers] of [
      ['no body', undefined, form],
      ['empty form', '', form],
      ['no grant_type', code, form],
      ['unknown grant_type', `grant_type=password&${code}`, form],
      ['NUL grant_type', `grant_type=%00&${code}`, form],
      ['authorization_code without code', 'grant_type=authorization_code', form],
      ['no code', grant, form],
      ['empty code', `${grant}&pre-authorized_code=`, form],
      ['NUL code', `${grant}&pre-authorized_code=a%00b`, form],
      ['huge code', `${grant}&pre-authorized_code=${'a'.repeat(200_000)}`, form],
      ['duplicated code', `${grant}&${code}&${code}`, form],
      ['duplicated grant_type', `${grant}&${grant}&${code}`, form],
      ['invalid percent-encoding', `${grant}&pre-authorized_code=%zz%ff`, form],
      ['tx_code not required', `${grant}&${code}&tx_code=1234`, form],
      ['NUL tx_code', `${grant}&${code}&tx_code=%00`, form],
      ['authorization_details not JSON', `${grant}&${code}&authorization_details=%7B`, form],
      [
        'authorization_details object',
        `${grant}&${code}&authorization_details=${encodeURIComponent('{"type":"openid_credential"}')}`,
        form,
      ],
      ['authorization_details wrong type', `${grant}&${code}&authorization_details=${encodeURIComponent('[{"type":"x"}]')}`, form],
      [
        'authorization_details unknown id',
        `${grant}&${code}&authorization_details=${encodeURIComponent('[{"type":"openid_credential","credential_configuration_id":"nope"}]')}`,
        form,
      ],
      [
        'authorization_details NUL id',
        `${grant}&${code}&authorization_details=${encodeURIComponent('[{"type":"openid_credential","credential_configuration_id":"a\\u0000b"}]')}`,
        form,
      ],
      [
        'authorization_details deep',
        `${grant}&pre-authorized_code=unknown&authorization_details=${encodeURIComponent(deepJson([{ type: 'openid_credential', credential_configuration_id: 'identity_sd_jwt', x: DEEP }], 3000))}`,
        form,
      ],
      [
        'JSON instead of form',
        JSON.stringify({ grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': unspentCode }),
        { 'content-type': 'application/json' },
      ],
      ['text/plain', `${grant}&${code}&tx_code=1`, { 'content-type': 'text/plain' }],
      ['no content type', `${grant}&${code}&tx_code=1`, {}],
      [
        'multipart',
        `--b\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nx\r\n--b--`,
        { 'content-type': 'multipart/form-data; boundary=b' },
      ],
      ['over 1 MiB', `${grant}&${code}&tx_code=1&x=${'a'.repeat(OVERSIZED)}`, form],
    ] as const) {
      probes.push({ label: `token ${label}`, method: 'POST', path: token, headers, body });
    }

    const nonce = `/issuers/${ISSUER}/nonce`;
    probes.push(
      { label: 'nonce invalid JSON', method: 'POST', path: nonce, headers: { 'content-type': 'application/json' }, body: '{' },
      {
        label: 'nonce over 1 MiB',
        method: 'POST',
        path: nonce,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 'a'.repeat(OVERSIZED) }),
      },
      {
        label: 'nonce with a body',
        method: 'POST',
        path: nonce,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: nested(1000) }),
        expect: 'any',
      },
      { label: 'nonce with a form', method: 'POST', path: nonce, headers: form, body: 'a=1&a=2', expect: 'any' },
      { label: 'nonce unknown query', method: 'POST', path: `${nonce}?x=%00`, expect: 'any' },
    );

    const credential = `/issuers/${ISSUER}/credential`;
    const bearer = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const validRequest = { credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: ['a.b.c'] } };
    for (const [label, headers] of [
      ['no token', { 'content-type': 'application/json' }],
      ['unknown token', { authorization: 'Bearer unknown', 'content-type': 'application/json' }],
      ['malformed token', { authorization: 'Bearer a b', 'content-type': 'application/json' }],
      ['Basic', { authorization: 'Basic YTpi', 'content-type': 'application/json' }],
      ['DPoP', { authorization: `DPoP ${accessToken}`, 'content-type': 'application/json' }],
      ['huge token', { authorization: `Bearer ${'t'.repeat(6000)}`, 'content-type': 'application/json' }],
    ] as const) {
      probes.push({ label: `credential ${label}`, method: 'POST', path: credential, headers, body: JSON.stringify(validRequest) });
    }
    for (const [label, body] of [
      ['null', 'null'],
      ['invalid JSON', '{"credential_configuration_id":'],
      ['array', JSON.stringify([validRequest])],
      ['string', '"identity_sd_jwt"'],
      ['empty object', '{}'],
      ['over 1 MiB', JSON.stringify({ ...validRequest, x: 'a'.repeat(OVERSIZED) })],
      ['deep', deepJson({ ...validRequest, x: DEEP }, 5000)],
      ['deep configuration id', deepJson({ ...validRequest, credential_configuration_id: DEEP }, 5000)],
      ['NUL configuration id', JSON.stringify({ ...validRequest, credential_configuration_id: 'a\u0000b' })],
      ['unknown configuration id', JSON.stringify({ ...validRequest, credential_configuration_id: 'nope' })],
      ['unknown credential_identifier', JSON.stringify({ credential_identifier: 'nope', proofs: validRequest.proofs })],
      ['both ids', JSON.stringify({ ...validRequest, credential_identifier: 'identity_sd_jwt' })],
      ['proofs not an object', JSON.stringify({ ...validRequest, proofs: 'x' })],
      ['proofs.jwt not an array', JSON.stringify({ ...validRequest, proofs: { jwt: 'a.b.c' } })],
      ['proofs.jwt numbers', JSON.stringify({ ...validRequest, proofs: { jwt: [1, 2] } })],
      ['proofs.jwt empty', JSON.stringify({ ...validRequest, proofs: { jwt: [] } })],
      ['too many proofs', JSON.stringify({ ...validRequest, proofs: { jwt: Array(50).fill('a.b.c') } })],
      ['garbage proof', JSON.stringify({ ...validRequest, proofs: { jwt: ['%%%.%%%.%%%'] } })],
      ['NUL proof', JSON.stringify({ ...validRequest, proofs: { jwt: ['a\u0000.b.c'] } })],
      ['huge proof', JSON.stringify({ ...validRequest, proofs: { jwt: [`${'e'.repeat(300_000)}.${'e'.repeat(300_000)}.x`] } })],
      ['unsupported proof type', JSON.stringify({ ...validRequest, proofs: { ldp_vp: [{}] } })],
      ['legacy single proof', JSON.stringify({ ...validRequest, proofs: undefined, proof: { proof_type: 'jwt', jwt: 'a.b.c' } })],
      [
        'credential_response_encryption garbage',
        JSON.stringify({ ...validRequest, credential_response_encryption: { jwk: 1, enc: null } }),
      ],
    ] as const) {
      probes.push({ label: `credential ${label}`, method: 'POST', path: credential, headers: bearer, body });
    }
    probes.push(
      {
        label: 'credential text/plain',
        method: 'POST',
        path: credential,
        headers: { ...bearer, 'content-type': 'text/plain' },
        body: JSON.stringify(validRequest),
      },
      {
        label: 'credential form',
        method: 'POST',
        path: credential,
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'credential_configuration_id=identity_sd_jwt&credential_configuration_id=x',
      },
      {
        label: 'credential no content type',
        method: 'POST',
        path: credential,
        headers: { authorization: bearer.authorization },
        body: JSON.stringify(validRequest),
      },
    );
    for (const probe of probes) await check(probe);
    assert.deepEqual(violations, []);
  });

  it('still works after the garbage: the same token issues, the unspent code redeems, a wallet completes a flow', async () => {
    // The access token survived every malformed credential request.
    const holder = await new TestWallet().newHolderKey();
    const credentialIssuer = `${platform.baseUrl}/issuers/${ISSUER}`;
    const issued = await credentialRequest(platform.baseUrl, ISSUER, accessToken, {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(holder, credentialIssuer, await nonceRequest(platform.baseUrl, ISSUER))] },
    });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.credentials.length, 1);

    // The pre-authorized code that garbage token requests carried was not consumed by them.
    const redeemed = await tokenRequest(platform.baseUrl, ISSUER, { 'pre-authorized_code': unspentCode });
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));

    const offer = await createOffer(admin, ISSUER, fixture.profileId, { txCode: { length: 4 }, txCodeValue: '8642' });
    probes.offersCreated++;
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { txCode: '8642' });
    assert.equal(result.credentials.length, 1);
    const session = await admin.get(`/api/v1/issuers/${ISSUER}/sessions/${offer.sessionId}`);
    assert.equal(session.body.status, 'SUCCESSFUL');
  });

  it('every answer carries x-request-id, errors raised by the router included (API.md §0)', () => {
    assert.deepEqual(withoutRequestId, []);
  });

  it('left no half-written sessions: one session per created offer, no session without an offer', async () => {
    const sessions: { sessionId: string; status: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const response = await admin.get(`/api/v1/issuers/${ISSUER}/sessions?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(response.status, 200);
      sessions.push(...response.body.items);
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    assert.equal(sessions.length, probes.offersCreated, `${sessions.length} sessions for ${probes.offersCreated} created offers`);
    assert.equal(new Set(sessions.map((s) => s.sessionId)).size, sessions.length);
    assert.ok(!sessions.some((s) => s.sessionId === 'robust-dup'), 'a refused batch wrote nothing');
    const spareSessions = await admin.get(`/api/v1/issuers/${SPARE}/sessions`);
    assert.equal(spareSessions.body.items.length, 0);
    // Bounded: a few hundred requests in all. Printed so a change of the probe set is visible.
    assert.ok(probes.sent > 300 && probes.sent < 600, `${probes.sent} requests sent`);
    if (unexpectedSuccesses.length)
      console.log(`accepted (the mutation left a valid request, or the endpoint is lenient):\n  ${unexpectedSuccesses.join('\n  ')}`);
    console.log(`robustness: ${probes.sent} malformed requests, ${probes.offersCreated} offers created`);
  });
});
