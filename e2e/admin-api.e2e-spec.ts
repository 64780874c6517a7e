import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer, preAuthorizedCodeOf, tokenRequest } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';
const sdConfig = {
  format: 'dc+sd-jwt',
  cryptographic_binding_methods_supported: ['jwk'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name: 'Pass' }] },
};

describe(`admin API, metadata and persistence (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  const issuerId = 'admin-test';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, { issuerId });
  });
  after(async () => platform?.stop());

  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

  it('validates issuers with problem+json naming the fields', async () => {
    const duplicate = await admin.post('/api/v1/issuers', { id: issuerId, credentialConfigurations: { a: sdConfig } });
    assert.equal(duplicate.status, 409);
    const unknownField = await admin.post('/api/v1/issuers', { id: 'x1', credentialConfigurations: { a: sdConfig }, colour: 'red' });
    assert.equal(unknownField.status, 400);
    assert.ok(paths(unknownField.body).some((p) => p.includes('colour')));
    const badSlug = await admin.post('/api/v1/issuers', { id: 'Not A Slug', credentialConfigurations: { a: sdConfig } });
    assert.deepEqual(paths(badSlug.body), ['id']);
    const mdoc = await admin.post('/api/v1/issuers', {
      id: 'x2',
      credentialConfigurations: { m: { format: 'ldp_vc', credential_definition: { type: ['VerifiableCredential'] } } },
    });
    assert.equal(mdoc.status, 400, 'a format the platform does not issue');
    assert.ok(paths(mdoc.body).includes('credentialConfigurations.m.format'), JSON.stringify(mdoc.body));
    const unbound = await admin.post('/api/v1/issuers', {
      id: 'x3',
      credentialConfigurations: { a: { ...sdConfig, cryptographic_binding_methods_supported: undefined } },
    });
    assert.equal(unbound.status, 400, 'proof_types_supported requires cryptographic_binding_methods_supported');
    const list = await admin.get('/api/v1/issuers');
    assert.ok(
      list.body.items.some(
        (i: { id: string; credentialIssuer: string }) =>
          i.id === issuerId && i.credentialIssuer === `${platform.baseUrl}/issuers/${issuerId}`,
      ),
    );
    const form = await fetch(`${platform.baseUrl}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.adminKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=ed25519',
    });
    assert.equal(form.status, 415, 'the admin API takes JSON bodies only');
    const mismatch = await admin.put(`/api/v1/issuers/${issuerId}`, { id: 'other', credentialConfigurations: { a: sdConfig } });
    assert.deepEqual(paths(mismatch.body), ['id']);
  });

  it('refuses profiles that cannot work, with a precise errors[]', async () => {
    const base = { name: 'P', credentialConfigurationId: 'identity_sd_jwt', issuerKeyId: fixture.keyId, credentialData: { a: 1 } };
    const cases: [Record<string, unknown>, string][] = [
      [{ credentialConfigurationId: 'missing' }, 'credentialConfigurationId'],
      [{ issuerKeyId: '00000000-0000-4000-8000-000000000000' }, 'issuerKeyId'],
      [{ selectiveDisclosure: { fields: { vct: { sd: true } } } }, 'selectiveDisclosure'],
      [{ mapping: { id: '<no-such-function>' } }, 'mapping'],
      [{ credentialStatus: { type: 'BitstringStatusList' } }, 'credentialStatus'],
      [{ x5Chain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }, 'x5Chain.0'],
      [{ mapping: { photo: '<webhook-json:https://10.0.0.1/photo>' } }, 'mapping'],
      [{ x5Chain: ['-----BEGIN CERTIFICATE-----x'], certificateId: '00000000-0000-4000-8000-000000000000' }, 'x5Chain'],
    ];
    for (const [change, path] of cases) {
      const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { ...base, ...change });
      assert.equal(response.status, 400, JSON.stringify(change));
      assert.ok(
        paths(response.body).some((p) => p.startsWith(path)),
        `${path} in ${JSON.stringify(response.body.errors)}`,
      );
    }
    const rsaKey = await admin.post('/api/v1/keys', { type: 'rsa' });
    const rsa = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { ...base, issuerKeyId: rsaKey.body.keyId });
    assert.deepEqual(paths(rsa.body), ['issuerKeyId'], 'an RS256 key is not among the configuration signing algorithms');
  });

  it('soft-deletes profiles and protects keys in use', async () => {
    const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Temp',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: fixture.keyId,
    });
    assert.equal(profile.status, 201);
    assert.equal(profile.body.version, 1);
    assert.equal(profile.body.status, 'ACTIVE');
    assert.equal((await admin.delete(`/api/v1/issuers/${issuerId}/profiles/${profile.body.profileId}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/issuers/${issuerId}/profiles/${profile.body.profileId}`)).body.status, 'INACTIVE');
    const offer = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profile.body.profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
    });
    assert.equal(offer.status, 404);

    assert.equal((await admin.delete(`/api/v1/keys/${fixture.keyId}`)).status, 409);
    const spare = await admin.post('/api/v1/keys', { type: 'ed25519', name: 'spare' });
    assert.equal(spare.body.publicJwk.d, undefined, 'no private part in responses');
    assert.equal((await admin.delete(`/api/v1/keys/${spare.body.keyId}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/keys/${spare.body.keyId}`)).status, 404);
  });

  it('validates offers, creates batches all-or-nothing, lists and purges sessions', async () => {
    const offersPath = `/api/v1/issuers/${issuerId}/profiles/${fixture.profileId}/offers`;
    for (const [body, path] of [
      [{ authMethod: 'PRE_AUTHORIZED', txCodeValue: '1234' }, 'txCodeValue'],
      [{ authMethod: 'PRE_AUTHORIZED', expiresInSeconds: 0 }, 'expiresInSeconds'],
      [{ authMethod: 'AUTHORIZED' }, 'authMethod'],
      [{ authMethod: 'PRE_AUTHORIZED', runtimeOverrides: { mapping: { x: '<bogus>' } } }, 'runtimeOverrides.mapping'],
    ] as const) {
      const response = await admin.post(offersPath, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.ok(
        paths(response.body).some((p) => p.startsWith(path)),
        `${path} in ${JSON.stringify(response.body.errors)}`,
      );
    }
    const before = (await admin.get(`/api/v1/issuers/${issuerId}/sessions?limit=500`)).body.items.length;
    const bad = await admin.post(`${offersPath}/batch`, {
      offers: [{ authMethod: 'PRE_AUTHORIZED' }, { authMethod: 'PRE_AUTHORIZED', expiresInSeconds: -5 }],
    });
    assert.equal(bad.status, 400);
    assert.ok(paths(bad.body).includes('offers.1.expiresInSeconds'));
    assert.equal(
      (await admin.get(`/api/v1/issuers/${issuerId}/sessions?limit=500`)).body.items.length,
      before,
      'a failed batch writes nothing',
    );
    const batch = await admin.post(`${offersPath}/batch`, {
      offers: [
        { authMethod: 'PRE_AUTHORIZED', sessionId: 'batch-a' },
        { authMethod: 'PRE_AUTHORIZED' },
        { authMethod: 'PRE_AUTHORIZED', expiresInSeconds: -1 },
      ],
    });
    assert.equal(batch.status, 201);
    assert.equal(batch.body.offers.length, 3);
    assert.equal(batch.body.offers[2].expiresAt, null);
    assert.equal((await admin.post(offersPath, { authMethod: 'PRE_AUTHORIZED', sessionId: 'batch-a' })).status, 409);
    // Concurrent creations: a taken sessionId fails only its own request.
    const concurrent = await Promise.all(
      ['dup-x', 'dup-x', 'solo-1', 'solo-2'].map((sessionId) => admin.post(offersPath, { authMethod: 'PRE_AUTHORIZED', sessionId })),
    );
    assert.deepEqual(concurrent.map((r) => r.status).sort(), [201, 201, 201, 409]);

    const listed = await admin.get(`/api/v1/issuers/${issuerId}/sessions?status=ACTIVE&limit=2`);
    assert.equal(listed.body.items.length, 2);
    assert.ok(listed.body.nextCursor);
    const page2 = await admin.get(`/api/v1/issuers/${issuerId}/sessions?status=ACTIVE&limit=2&cursor=${listed.body.nextCursor}`);
    assert.ok(
      page2.body.items.every(
        (s: { sessionId: string }) => !listed.body.items.some((f: { sessionId: string }) => f.sessionId === s.sessionId),
      ),
    );
    const session = (await admin.get(`/api/v1/issuers/${issuerId}/sessions/batch-a`)).body;
    assert.equal(
      session.credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'],
      '***',
      'codes are not echoed',
    );
    assert.equal((await admin.delete(`/api/v1/issuers/${issuerId}/sessions/batch-a`)).status, 204);
    assert.equal((await admin.get(`/api/v1/issuers/${issuerId}/sessions/batch-a`)).status, 404);
  });

  it('expires offers: the offer URI and the code stop working and the session becomes EXPIRED', async () => {
    const offer = await createOffer(admin, issuerId, fixture.profileId, { expiresInSeconds: 1 });
    const code = await preAuthorizedCodeOf(offer.credentialOfferUri!);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await fetch(offer.credentialOfferUri!)).status, 404);
    assert.equal((await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code })).body.error, 'invalid_grant');
    let status = '';
    for (let i = 0; i < 40 && status !== 'EXPIRED'; i++) {
      status = (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}`)).body.status;
      if (status !== 'EXPIRED') await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(status, 'EXPIRED');
  });

  it('serves metadata, OpenAPI and request ids', async () => {
    const ci = `${platform.baseUrl}/issuers/${issuerId}`;
    const metadata = await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`);
    const body = (await metadata.json()) as Record<string, any>;
    assert.equal(body.credential_issuer, ci);
    assert.equal(body.nonce_endpoint, `${ci}/nonce`);
    assert.ok(body.credential_configurations_supported.identity_sd_jwt.credential_metadata);
    const appended = (await (await fetch(`${ci}/.well-known/openid-credential-issuer`)).json()) as Record<string, unknown>;
    assert.deepEqual(appended, body);
    const etag = metadata.headers.get('etag')!;
    assert.equal(
      (await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`, { headers: { 'if-none-match': etag } }))
        .status,
      304,
    );
    const as = (await (await fetch(`${platform.baseUrl}/.well-known/oauth-authorization-server/issuers/${issuerId}`)).json()) as Record<
      string,
      any
    >;
    assert.equal(as.issuer, ci);
    assert.equal(as['pre-authorized_grant_anonymous_access_supported'], true);
    const jvi = (await (await fetch(`${platform.baseUrl}/.well-known/jwt-vc-issuer/issuers/${issuerId}`)).json()) as Record<string, any>;
    assert.equal(jvi.issuer, ci);
    assert.ok(jvi.jwks.keys.some((k: { kid: string }) => k.kid === fixture.publicJwk.kid));
    const type = (await (await fetch(`${ci}/types/identity_sd_jwt`)).json()) as Record<string, any>;
    assert.equal(type.vct, `${ci}/types/identity_sd_jwt`);
    assert.equal((await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/nobody`)).status, 404);

    const openapi = (await (await fetch(`${platform.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/api/v1/issuers/{issuerId}/profiles/{profileId}/offers']);
    assert.equal((await fetch(`${platform.baseUrl}/api/docs`)).status, 200);
    const echoed = await fetch(`${platform.baseUrl}/health/live`, { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(echoed.headers.get('x-request-id'), 'trace-123');
    assert.match((await fetch(`${platform.baseUrl}/metrics`)).headers.get('content-type') ?? '', /text\/plain/);
  });

  it('keeps everything across a restart', async () => {
    const offer = await createOffer(admin, issuerId, fixture.profileId, { txCode: { length: 4 }, txCodeValue: '2468' });
    await platform.restart();
    assert.deepEqual(
      platform.exitCodes,
      [0],
      `SIGTERM shuts the platform down gracefully (exit code 0):\n${platform.output().slice(-3000)}`,
    );
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { txCode: '2468' });
    assert.equal(result.credentials.length, 1, 'issuer, profile, key, offer and the master key survived the restart');
  });
});
