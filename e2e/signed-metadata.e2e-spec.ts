import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, type RunningPlatform } from '@issuer/testing';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`signed credential issuer metadata, OID4VCI §12.2.3 (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const metadataUrl = (issuerId: string) => `${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
  });
  after(async () => platform?.stop());

  it('serves the metadata as a JWT (typ openidvci-issuer-metadata+jwt, x5c) when asked, JSON otherwise', async () => {
    await createSdJwtIssuer(admin, { issuerId: 'signed' });
    const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    const certificate = await admin.post('/api/v1/certificates', {
      profile: 'self-signed',
      keyId: key.body.keyId,
      subject: { commonName: 'Signed Metadata Issuer', country: 'DE' },
    });
    assert.equal(certificate.status, 201, JSON.stringify(certificate.body));
    const current = await admin.get('/api/v1/issuers/signed');
    const { credentialIssuer, createdAt: _created, updatedAt: _updated, ...config } = current.body;
    const updated = await admin.put('/api/v1/issuers/signed', {
      ...config,
      signedMetadata: { keyId: key.body.keyId, certificateId: certificate.body.certificateId },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));

    const json = await fetch(metadataUrl('signed'));
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    const metadata = (await json.json()) as Record<string, unknown>;

    const response = await fetch(metadataUrl('signed'), { headers: { accept: 'application/jwt' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/jwt/);
    const jwt = await response.text();
    const header = decodeProtectedHeader(jwt);
    assert.equal(header.typ, 'openidvci-issuer-metadata+jwt');
    const leaf = new X509Certificate(Buffer.from(header.x5c![0]!, 'base64'));
    const { payload } = await jwtVerify(jwt, leaf.publicKey, { typ: 'openidvci-issuer-metadata+jwt', subject: credentialIssuer });
    assert.equal(typeof payload.iat, 'number');
    assert.ok(payload.exp! > payload.iat!);
    for (const [name, value] of Object.entries(metadata)) assert.deepEqual(payload[name], value, `${name} is a top-level claim`);
  });

  it('answers JSON when the issuer has no metadata signing key, and refuses unknown signing keys', async () => {
    await createSdJwtIssuer(admin, { issuerId: 'unsigned' });
    const response = await fetch(metadataUrl('unsigned'), { headers: { accept: 'application/jwt, application/json;q=0.5' } });
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const current = await admin.get('/api/v1/issuers/unsigned');
    const { credentialIssuer: _ci, createdAt: _c, updatedAt: _u, ...config } = current.body;
    const refused = await admin.put('/api/v1/issuers/unsigned', {
      ...config,
      signedMetadata: { keyId: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.errors.map((e: { path: string }) => e.path),
      ['signedMetadata.keyId'],
    );
  });
  it('publishes the signing key in /jwks (kid-only verification), protects it from deletion, and falls back to JSON without it', async () => {
    await createSdJwtIssuer(admin, { issuerId: 'kid-signed' });
    const key = await admin.post('/api/v1/keys', { type: 'ed25519' });
    const current = await admin.get('/api/v1/issuers/kid-signed');
    const { credentialIssuer, createdAt: _c, updatedAt: _u, ...config } = current.body;
    assert.equal((await admin.put('/api/v1/issuers/kid-signed', { ...config, signedMetadata: { keyId: key.body.keyId } })).status, 200);

    const jwt = await (await fetch(metadataUrl('kid-signed'), { headers: { accept: 'application/jwt' } })).text();
    const jwks = (await (await fetch(`${platform.baseUrl}/issuers/kid-signed/jwks`)).json()) as { keys: JWK[] };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks as never), { typ: 'openidvci-issuer-metadata+jwt' });
    assert.equal(payload.sub, credentialIssuer);

    assert.equal((await admin.delete(`/api/v1/keys/${key.body.keyId}`)).status, 409, 'the metadata signing key is in use');
    assert.equal((await admin.post(`/api/v1/keys/${key.body.keyId}/disable?force=true`, {})).status, 200);
    // A signed document stays cached briefly (it was signed while the key was active); a config change drops it.
    assert.equal((await admin.put('/api/v1/issuers/kid-signed', { ...config, signedMetadata: { keyId: key.body.keyId } })).status, 200);
    const fallback = await fetch(metadataUrl('kid-signed'), { headers: { accept: 'application/jwt' } });
    assert.equal(fallback.status, 200);
    assert.match(fallback.headers.get('content-type') ?? '', /^application\/json/);
  });
});
