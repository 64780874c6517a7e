import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EUDI_PID_EXAMPLE, MDL_EXAMPLE, PHOTO_ID_EXAMPLE, type MdocExampleProfile } from '@issuer/credentials';
import { AdminClient, startTarget, TestWallet, type RunningPlatform, derOf, owfContext, type Owf } from '@issuer/testing';
import { createMdocPki } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';
const NS = 'org.iso.18013.5.1';

describe(`ISO mdoc (mso_mdoc) issuance with an independent wallet and @owf/mdoc (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let owf: Owf;
  /** The IACA PEM and the Document Signer per country (createMdocPki). */
  const iacaPem: Record<string, string> = {};
  const ds: Record<string, { keyId: string; certificateId: string }> = {};

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    owf = (await import('@owf/mdoc')) as Owf;
    for (const country of ['US', 'DE', 'AT']) {
      const pki = await createMdocPki(admin, country, country);
      iacaPem[country] = pki.iacaPem;
      ds[country] = pki;
    }
    const examples = [MDL_EXAMPLE, EUDI_PID_EXAMPLE, PHOTO_ID_EXAMPLE];
    const issuer = await admin.post('/api/v1/issuers', {
      id: 'dmv',
      display: [{ name: 'Department of Motor Vehicles', locale: 'en' }],
      credentialConfigurations: Object.fromEntries(examples.map((e) => [e.credentialConfigurationId, e.credentialConfiguration])),
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  async function issueExample(example: MdocExampleProfile, country: string, change: Record<string, unknown> = {}) {
    const profile = await admin.post('/api/v1/issuers/dmv/profiles', {
      ...example.profile,
      issuerKeyId: ds[country]!.keyId,
      certificateId: ds[country]!.certificateId,
      ...change,
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const offer = await createOffer(admin, 'dmv', profile.body.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    assert.equal(result.credentials.length, 1);
    return { encoded: result.credentials[0]!, holderJwk: result.holderKeys[0]!.publicJwk };
  }

  it('issues the example mDL: verified against our IACA, device key = proof key, converted elements, configured validity', async () => {
    const { encoded, holderJwk } = await issueExample(MDL_EXAMPLE, 'US', {
      validity: { validFor: '30d', expectedUpdate: '7d' },
    });
    const ctx = owfContext(owf) as never;
    await owf.Holder.verifyIssuerSigned({ issuerSigned: encoded, trustedCertificates: [derOf(iacaPem['US']!)] } as never, ctx);
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded);
    await parsed.verify({ trustedCertificates: [derOf(iacaPem['US']!)] }, ctx);
    const mso = parsed.issuerAuth.mobileSecurityObject;
    assert.equal(mso.docType, 'org.iso.18013.5.1.mDL');
    const deviceJwk = mso.deviceKeyInfo.deviceKey.jwk as Record<string, unknown>;
    assert.deepEqual([deviceJwk['x'], deviceJwk['y']], [holderJwk['x'], holderJwk['y']], 'the device key is the wallet proof key');
    const { validFrom, validUntil, expectedUpdate } = mso.validityInfo;
    assert.equal(validUntil.getTime() - validFrom.getTime(), 30 * 86_400_000);
    assert.ok(expectedUpdate && Math.abs(expectedUpdate.getTime() - validFrom.getTime() - 7 * 86_400_000) < 2000);
    const claims = parsed.getPrettyClaims(NS) as Record<string, unknown>;
    assert.equal(claims['family_name'], MDL_EXAMPLE.profile.credentialData[NS]!['family_name']);
    assert.ok(claims['portrait'] instanceof Uint8Array, 'portrait became a byte string');
    await assert.rejects(parsed.verify({ trustedCertificates: [derOf(iacaPem['DE']!)] }, ctx), 'another IACA does not verify it');
  });

  it('issues the EU PID and ISO 23220 Photo ID examples, each verified by @owf/mdoc', async () => {
    for (const [example, country] of [
      [EUDI_PID_EXAMPLE, 'DE'],
      [PHOTO_ID_EXAMPLE, 'AT'],
    ] as const) {
      const { encoded } = await issueExample(example, country);
      await owf.Holder.verifyIssuerSigned(
        { issuerSigned: encoded, trustedCertificates: [derOf(iacaPem[country]!)] } as never,
        owfContext(owf) as never,
      );
      assert.equal(
        owf.IssuerSigned.fromEncodedForOid4Vci(encoded).issuerAuth.mobileSecurityObject.docType,
        example.credentialConfiguration.doctype,
      );
    }
  });

  it('refuses mdoc profiles that cannot work, naming the field', async () => {
    const rsa = await admin.post('/api/v1/keys', { type: 'rsa' });
    const base = { ...MDL_EXAMPLE.profile, issuerKeyId: ds['US']!.keyId, certificateId: ds['US']!.certificateId };
    const cases: [Record<string, unknown>, string][] = [
      [{ issuerKeyId: rsa.body.keyId, certificateId: undefined, x5Chain: undefined }, 'issuerKeyId'],
      [{ certificateId: undefined }, 'x5Chain'],
      [
        {
          mDocNameSpacesDataMappingConfig: {
            [NS]: { entriesConfigMap: { birth_date: { type: 'string', conversionType: 'stringToNothing' } } },
          },
        },
        'mDocNameSpacesDataMappingConfig',
      ],
      [{ selectiveDisclosure: { fields: {} } }, 'selectiveDisclosure'],
    ];
    for (const [change, path] of cases) {
      const response = await admin.post('/api/v1/issuers/dmv/profiles', { ...base, ...change });
      assert.equal(response.status, 400, JSON.stringify(change));
      assert.ok(
        response.body.errors.some((e: { path: string }) => e.path.startsWith(path)),
        `${path} in ${JSON.stringify(response.body.errors)}`,
      );
    }
  });
});
