import assert from 'node:assert/strict';
import { verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MDL_EXAMPLE } from '@issuer/credentials';
import { getListFromStatusListJWT, StatusList } from '@sd-jwt/jwt-status-list';
import { decode as cborDecode, encode as cborEncode, type Tag } from 'cbor-x';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import {
  AdminClient,
  createSdJwtIssuer,
  startTarget,
  TestWallet,
  waitFor,
  type RunningPlatform,
  derOf,
  owfContext,
  type Owf,
} from '@issuer/testing';
import { createIssuer, createMdocPki, DEGREE_JWT_VC_ES256 } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`credential status for mdoc (JWT and CWT lists) and with a dedicated status key (${target})`, () => {
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
    ({ iacaPem, ...ds } = await createMdocPki(admin, 'Status'));
    await createIssuer(admin, {
      id: dmv,
      credentialConfigurations: { [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration },
    });
  });
  after(async () => platform?.stop());

  const issuerUrl = (issuerId: string) => `${platform.baseUrl}/issuers/${issuerId}`;
  const jwksOf = async (issuerId: string) => (await (await fetch(`${issuerUrl(issuerId)}/jwks`)).json()) as { keys: JWK[] };
  const setStatus = (issuerId: string, path: string, status: string) => admin.put(`/api/v1/issuers/${issuerId}/${path}/status`, { status });

  const credentialIdOf = async (issuerId: string, sessionId: string) =>
    (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).body.credentials[0].credentialId as string;

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

  /**
   * Fetches the CWT form (draft-ietf-oauth-status-list §5.2) and checks it here with cbor-x and node:crypto:
   * COSE_Sign1 (tag 18), typ, the ES256 signature over a Sig_structure built here with the x5chain leaf key,
   * `sub` (claim 2) = uri; the ZLIB `lst` bytes are read with @sd-jwt/jwt-status-list.
   */
  async function cwtStatusAt(uri: string, idx: number, trustedLeaf: X509Certificate): Promise<number> {
    const response = await fetch(uri, { headers: { accept: 'application/statuslist+cwt' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/statuslist+cwt');
    const sign1 = cborDecode(Buffer.from(await response.arrayBuffer())) as Tag;
    assert.equal(sign1.tag, 18);
    const [protectedBytes, , payload, signature] = sign1.value as Uint8Array[];
    const header = cborDecode(protectedBytes!) as Record<number, unknown>;
    assert.equal(header[16], 'application/statuslist+cwt');
    assert.equal(header[1], -7, 'ES256');
    const leaf = new X509Certificate(Buffer.from(header[33] as Uint8Array));
    assert.ok(leaf.raw.equals(trustedLeaf.raw), 'x5chain names the Document Signer certificate');
    const toBeSigned = cborEncode(['Signature1', Buffer.from(protectedBytes!), Buffer.alloc(0), Buffer.from(payload!)]);
    assert.ok(cryptoVerify('sha256', toBeSigned, { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, signature!), 'COSE signature');
    const claims = cborDecode(payload!) as Record<number, any>;
    assert.equal(claims[2], uri);
    assert.equal(claims[65534], 300, 'ttl in seconds');
    const { bits, lst } = claims[65533] as { bits: 1 | 2; lst: Uint8Array };
    return StatusList.decompressStatusList(Buffer.from(lst).toString('base64url'), bits).getStatus(idx);
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

    assert.equal(await cwtStatusAt(uri, idx, leaf), 0, 'the CWT form shows the same list');

    assert.equal((await setStatus(dmv, `sessions/${offer.sessionId}`, 'REVOKED')).status, 200);
    await waitFor('the mdoc is revoked in its list', async () => (await tokenStatusAt(dmv, uri, idx)).status === 1);
    assert.equal(await cwtStatusAt(uri, idx, leaf), 1, 'and its CWT form');
    const suspend = await setStatus(dmv, `sessions/${offer.sessionId}`, 'SUSPENDED');
    assert.equal(suspend.status, 409);
    assert.match(suspend.body.detail, /revocation is final/);
  });

  it('signs the issuer Token Status Lists (and W3C lists without issuerDid) with statusListKeyId, published in /jwks', async () => {
    const issuerId = 'status-keyed';
    const fixture = await createSdJwtIssuer(admin, { issuerId, profile: { credentialStatus: { type: 'TokenStatusList' } } });
    const statusKey = (await admin.post('/api/v1/keys', { type: 'ed25519' })).body;
    const { credentialIssuer: _url, createdAt: _c, updatedAt: _u, ...config } = (await admin.get(`/api/v1/issuers/${issuerId}`)).body;
    const unknownKey = await admin.put(`/api/v1/issuers/${issuerId}`, {
      ...config,
      statusListKeyId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(unknownKey.status, 400);
    assert.deepEqual(
      unknownKey.body.errors.map((e: { path: string }) => e.path),
      ['statusListKeyId'],
    );
    const updated = await admin.put(`/api/v1/issuers/${issuerId}`, {
      ...config,
      statusListKeyId: statusKey.keyId,
      credentialConfigurations: { ...config.credentialConfigurations, degree: DEGREE_JWT_VC_ES256 },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.statusListKeyId, statusKey.keyId);
    const published = (await jwksOf(issuerId)).keys.find((k) => k.kid === statusKey.publicJwk.kid);
    assert.ok(published, 'the status key is in /jwks');
    assert.ok(
      (
        (await (await fetch(`${platform.baseUrl}/.well-known/jwt-vc-issuer/issuers/${issuerId}`)).json()) as { jwks: { keys: JWK[] } }
      ).jwks.keys.some((k: JWK) => k.kid === statusKey.publicJwk.kid),
      'and in the jwt-vc-issuer metadata',
    );

    // SD-JWT VC: the list is signed by the status key (EdDSA), not by the profile key (ES256).
    const offer = await createOffer(admin, issuerId, fixture.profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    const { idx, uri } = (decodeJwt(credential!.split('~')[0]!) as { status: { status_list: { idx: number; uri: string } } }).status
      .status_list;
    const listed = await tokenStatusAt(issuerId, uri, idx);
    assert.equal(listed.status, 0);
    assert.deepEqual([listed.header.alg, listed.header.kid, listed.header.x5c], ['EdDSA', statusKey.publicJwk.kid, undefined]);
    await jwtVerify(listed.token, await importJWK(published, 'EdDSA'), { typ: 'statuslist+jwt' });
    await assert.rejects(jwtVerify(listed.token, await importJWK(fixture.publicJwk as JWK, 'ES256')), 'the profile key did not sign it');
    assert.equal((await setStatus(issuerId, `credentials/${await credentialIdOf(issuerId, offer.sessionId)}`, 'REVOKED')).status, 200);
    await waitFor('revocation in the status-key list', async () => (await tokenStatusAt(issuerId, uri, idx)).status === 1);

    // W3C: without issuerDid the list names the credential issuer and is signed by the status key; with an
    // issuerDid it stays issued by that DID (kid = DID URL), since the DID's only key is the profile key.
    const w3cKey = (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body;
    const issuerDid = (await admin.post('/api/v1/dids', { method: 'jwk', keyId: w3cKey.keyId })).body.did as string;
    for (const didBound of [false, true]) {
      const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: `degree ${didBound}`,
        credentialConfigurationId: 'degree',
        issuerKeyId: w3cKey.keyId,
        ...(didBound ? { issuerDid } : {}),
        w3cVersion: '2.0',
        credentialData: { credentialSubject: { degree: 'BSc' } },
        credentialStatus: { type: 'BitstringStatusList' },
      });
      assert.equal(profile.status, 201, JSON.stringify(profile.body));
      const w3cOffer = await createOffer(admin, issuerId, profile.body.profileId);
      const [vc] = (await new TestWallet().preAuthorizedFlow(w3cOffer.credentialOffer)).credentials;
      const entry = (decodeJwt(vc!) as { credentialStatus: { statusListCredential: string } }).credentialStatus;
      const token = await (await fetch(entry.statusListCredential)).text();
      const header = decodeProtectedHeader(token);
      if (didBound) {
        assert.equal(header.kid, `${issuerDid}#0`);
        const didJwk = JSON.parse(Buffer.from(issuerDid.slice('did:jwk:'.length), 'base64url').toString()) as JWK;
        assert.equal((await jwtVerify(token, await importJWK(didJwk, 'ES256'))).payload.issuer, issuerDid);
      } else {
        assert.equal(header.kid, statusKey.publicJwk.kid);
        const { payload } = await jwtVerify(token, createLocalJWKSet(await jwksOf(issuerId)));
        assert.equal(payload.issuer, issuerUrl(issuerId));
      }
    }
  });
});
