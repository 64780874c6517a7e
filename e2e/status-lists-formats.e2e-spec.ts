import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MDL_EXAMPLE } from '@issuer/credentials';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { AdminClient, startTarget, TestWallet, waitFor, type RunningPlatform, derOf, owfContext, type Owf } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`credential status for mdoc and with a dedicated status key (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let owf: Owf;
  const dmv = 'status-dmv';
  let iacaPem: string;
  let ds: { keyId: string; certificateId: string };

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    owf = (await import('@owf/mdoc')) as Owf;
    const [iacaKey, dsKey] = await Promise.all([
      admin.post('/api/v1/keys', { type: 'secp256r1' }),
      admin.post('/api/v1/keys', { type: 'secp256r1' }),
    ]);
    const root = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey.body.keyId,
      subject: { commonName: 'IACA Status', country: 'US' },
    });
    const signer = await admin.post('/api/v1/certificates', {
      profile: 'document-signer',
      keyId: dsKey.body.keyId,
      issuerCertificateId: root.body.certificateId,
      subject: { commonName: 'DS Status', country: 'US' },
    });
    assert.equal(signer.status, 201, JSON.stringify(signer.body));
    iacaPem = root.body.pem;
    ds = { keyId: dsKey.body.keyId, certificateId: signer.body.certificateId };
    const issuer = await admin.post('/api/v1/issuers', {
      id: dmv,
      credentialConfigurations: { [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  const issuerUrl = (issuerId: string) => `${platform.baseUrl}/issuers/${issuerId}`;
  const jwksOf = async (issuerId: string) => (await (await fetch(`${issuerUrl(issuerId)}/jwks`)).json()) as { keys: JWK[] };
  const setStatus = (issuerId: string, path: string, status: string) => admin.put(`/api/v1/issuers/${issuerId}/${path}/status`, { status });

  /** Fetches a Token Status List, verifies its signature with the issuer's published JWKS and reads one index. */
  async function tokenStatusAt(issuerId: string, uri: string, idx: number) {
    const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/statuslist+jwt');
    const token = await response.text();
    const verified = await jwtVerify(token, createLocalJWKSet(await jwksOf(issuerId)), { typ: 'statuslist+jwt' });
    assert.equal(verified.payload.sub, uri, 'sub equals the uri in the credential');
    assert.equal(verified.payload.iss, issuerUrl(issuerId));
    return { token, header: verified.protectedHeader, status: getListFromStatusListJWT(token).getStatus(idx) };
  }

  it('mdoc: the MSO carries status.status_list {idx, uri}; the signed list shows 0, then 1 after revocation', async () => {
    const profile = await admin.post(`/api/v1/issuers/${dmv}/profiles`, {
      ...MDL_EXAMPLE.profile,
      issuerKeyId: ds.keyId,
      certificateId: ds.certificateId,
      credentialStatus: { type: 'TokenStatusList' },
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const offer = await createOffer(admin, dmv, profile.body.profileId);
    const [encoded] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;

    // @owf/mdoc verifies chain, signature and digests; it does not model MSO `status`, so the verified
    // payload (Tag 24 around the MSO) is decoded here.
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded!);
    await parsed.verify({ trustedCertificates: [derOf(iacaPem)] }, owfContext(owf) as never);
    const mso = (owf.cborDecode(parsed.issuerAuth.payload!, { unwrapTopLevelDataItem: false }) as { data: Map<string, unknown> }).data;
    const status = mso.get('status') as Map<string, Map<string, unknown>>;
    assert.ok(status instanceof Map, 'the MSO has a status map');
    const idx = status.get('status_list')!.get('idx') as number;
    const uri = status.get('status_list')!.get('uri') as string;
    assert.ok(Number.isInteger(idx) && idx >= 0);
    assert.match(uri, new RegExp(`^${platform.baseUrl}/status-lists/[0-9a-f-]{36}$`));

    const listed = await tokenStatusAt(dmv, uri, idx);
    assert.equal(listed.status, 0);
    // The list is signed by the Document Signer key and names its chain: the leaf certificate verifies it too.
    const leaf = new X509Certificate(Buffer.from(listed.header.x5c![0]!, 'base64'));
    assert.ok(leaf.checkIssued(new X509Certificate(iacaPem)), 'x5c leads to the IACA');
    await jwtVerify(listed.token, leaf.publicKey, { typ: 'statuslist+jwt' });
    assert.equal(listed.header.kid, (await admin.get(`/api/v1/keys/${ds.keyId}`)).body.publicJwk.kid, 'kid names the DS key in /jwks');

    assert.equal((await setStatus(dmv, `sessions/${offer.sessionId}`, 'REVOKED')).status, 200);
    await waitFor('the mdoc is revoked in its list', async () => (await tokenStatusAt(dmv, uri, idx)).status === 1);
    const suspend = await setStatus(dmv, `sessions/${offer.sessionId}`, 'SUSPENDED');
    assert.equal(suspend.status, 409);
    assert.match(suspend.body.detail, /revocation is final/);
  });
});
