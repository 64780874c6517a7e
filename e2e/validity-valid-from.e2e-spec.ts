import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { MDL_EXAMPLE } from '@issuer/credentials';
import { AdminClient, derOf, owfContext, startTarget, TestWallet, type Owf, type RunningPlatform } from '@issuer/testing';
import { createDidJwkKey, createIssuer, createMdocPki, DEGREE_JWT_VC, PID_SD_JWT } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** RFC 3339 at whole seconds, as VCDM writes its dates. */
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * `validity.validFrom` (API.md §5) becomes the start of validity of every format: `nbf` of an SD-JWT VC, `nbf` and
 * `issuanceDate` of a VCDM 1.1 JWT, `validFrom` of VCDM 2.0 (`vc+jwt`, `vc+sd-jwt`), `validityInfo.validFrom` of an
 * mdoc MSO; `validFor` counts from there. The dates are on the hour, so the credential carries exactly the date given
 * (API.md §12 rounds other dates to the hour). Verifiers here are jose (key from the issuer's JWKS or the did:jwk
 * itself) and @owf/mdoc, each told the time at which the credential has become valid.
 */
describe(`validity.validFrom in SD-JWT VC, W3C and mdoc credentials (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let owf: Owf;
  let keyId: string;
  let issuerDid: string;
  let didKey: CryptoKey;
  const issuerId = 'valid-from';
  // Three days ahead, on the hour: not yet valid when issued.
  const future = Math.floor(Date.now() / HOUR) * HOUR + 3 * DAY;
  const past = Date.parse('2025-06-01T08:00:00Z');
  const validity = (from: number) => ({ validFrom: new Date(from).toISOString(), validFor: '30d' });

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    owf = (await import('@owf/mdoc')) as Owf;
    ({ keyId, did: issuerDid, didKey } = await createDidJwkKey(admin));
    await createIssuer(admin, {
      id: issuerId,
      credentialConfigurations: {
        pid: PID_SD_JWT,
        degree: DEGREE_JWT_VC,
        [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration,
      },
    });
  });
  after(async () => platform?.stop());

  /** Creates the profile and issues one credential through the independent wallet. */
  async function issue(profile: Record<string, unknown>, offer: Record<string, unknown> = {}): Promise<string> {
    const created = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { name: 'P', issuerKeyId: keyId, ...profile });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { credentialOffer } = await createOffer(admin, issuerId, created.body.profileId, offer);
    const [credential] = (await new TestWallet().preAuthorizedFlow(credentialOffer)).credentials;
    return credential!;
  }

  /** A JWT not yet valid now verifies at its start of validity, and fails now on `nbf`. */
  async function verifyFromStart(jwt: string, key: Parameters<typeof jwtVerify>[1], typ: string) {
    await assert.rejects(jwtVerify(jwt, key as never, { typ }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
    return (await jwtVerify(jwt, key as never, { typ, currentDate: new Date(future + 1000) })).payload as Record<string, any>;
  }

  it('SD-JWT VC: nbf is the profile validFrom (or an offer override), exp counts from it', async () => {
    const credential = await issue({
      credentialConfigurationId: 'pid',
      credentialData: { given_name: 'Erika' },
      validity: validity(future),
    });
    const [jwt] = credential.split('~');
    const jwks = createLocalJWKSet((await (await fetch(`${platform.baseUrl}/issuers/${issuerId}/jwks`)).json()) as { keys: JWK[] });
    const payload = await verifyFromStart(jwt!, jwks, 'dc+sd-jwt');
    assert.equal(payload['nbf'], future / 1000);
    assert.equal(payload['exp'], future / 1000 + 30 * 86_400);
    assert.ok(payload['iat'] < payload['nbf'], 'issued before it becomes valid');

    const overridden = await issue(
      { credentialConfigurationId: 'pid', credentialData: { given_name: 'Erika' }, validity: validity(future) },
      { runtimeOverrides: { validity: validity(past) } },
    );
    const { payload: since } = await jwtVerify(overridden.split('~')[0]!, jwks, { typ: 'dc+sd-jwt', currentDate: new Date(past + DAY) });
    assert.equal(since.nbf, past / 1000, 'the offer replaces the profile validity; a past date stays as given');
    assert.equal(since.exp, past / 1000 + 30 * 86_400);
  });

  it('W3C: VCDM 1.1 nbf and issuanceDate, VCDM 2.0 vc+jwt and vc+sd-jwt validFrom are the profile validFrom', async () => {
    const w3c = { credentialConfigurationId: 'degree', issuerDid, credentialData: { credentialSubject: { degree: 'BSc' } } };

    const v11 = await verifyFromStart(await issue({ ...w3c, validity: validity(future) }), didKey, 'JWT');
    assert.equal(v11['nbf'], future / 1000);
    assert.equal(v11['vc'].issuanceDate, iso(future), 'VCDM 1.1 §6.3.1.1: nbf represents issuanceDate');
    assert.equal(v11['exp'], future / 1000 + 30 * 86_400);
    assert.equal(v11['vc'].expirationDate, iso(future + 30 * DAY));

    const v20 = await issue({ ...w3c, w3cVersion: '2.0', validity: validity(future) });
    assert.equal(decodeProtectedHeader(v20).typ, 'vc+jwt');
    const { payload: vcJwt } = await jwtVerify(v20, didKey, { typ: 'vc+jwt' });
    assert.equal(vcJwt['validFrom'], iso(future));
    assert.equal(vcJwt['validUntil'], iso(future + 30 * DAY));

    const sd = await issue({
      ...w3c,
      w3cVersion: '2.0',
      selectiveDisclosure: { fields: { credentialSubject: { sd: true } } },
      validity: validity(future),
    });
    const [sdJwt] = sd.split('~');
    const { payload: vcSdJwt } = await jwtVerify(sdJwt!, didKey, { typ: 'vc+sd-jwt' });
    assert.equal(vcSdJwt['validFrom'], iso(future), 'in the signed payload, never a disclosure');
    assert.equal(vcSdJwt['validUntil'], iso(future + 30 * DAY));
  });

  it('mdoc: the MSO validityInfo.validFrom is the profile validFrom, validUntil counts from it; @owf/mdoc verifies then', async () => {
    const pki = await createMdocPki(admin, 'Valid From');
    const encoded = await issue({
      ...MDL_EXAMPLE.profile,
      issuerKeyId: pki.keyId,
      certificateId: pki.certificateId,
      validity: validity(future),
    });
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded);
    await parsed.verify({ trustedCertificates: [derOf(pki.iacaPem)], now: new Date(future + 1000) }, owfContext(owf) as never);
    const { signed, validFrom, validUntil } = parsed.issuerAuth.mobileSecurityObject.validityInfo;
    assert.equal(validFrom.getTime(), future);
    assert.equal(validUntil.getTime(), future + 30 * DAY);
    assert.ok(signed.getTime() < validFrom.getTime(), 'signed now, valid later (ISO 18013-5 §9.1.2.4)');
  });
});
