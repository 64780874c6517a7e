import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../data-functions/duration.parser';
import { checkMdocSigningKey } from '../mdoc-algorithms';
import { issueMdoc } from '../mdoc.issuer';
import { validateMdocDataMappingConfig } from '../data-mapping-config.validator';
import { presentAndVerifyWithAuth0 } from '../test-support/auth0-mdl-verifier.helper';
import { decodeIssuerSigned, taggedTextBytes } from '../test-support/issuer-signed-decoder.helper';
import { createHolderKey, createMdocTestPki, testCallbacks } from '../test-support/mdoc-pki.helper';
import { loadOwf, owfContext } from '@issuer/testing';

const owfContextNever = (owf: Awaited<ReturnType<typeof loadOwf>>) => owfContext(owf) as never;
import { MDOC_EXAMPLE_PROFILES } from './mdoc-examples';
import { EXAMPLE_PORTRAIT_JPEG_BASE64, MdocExampleProfile } from './mdoc-example.types';

const issuingCountry = (example: MdocExampleProfile): string =>
  Object.values(example.profile.credentialData).find((ns) => typeof ns['issuing_country'] === 'string')!['issuing_country'] as string;

describe('mdoc example profiles', () => {
  it('cover the mDL, EU PID and ISO 23220 Photo ID doctypes', () => {
    assert.deepEqual(Object.keys(MDOC_EXAMPLE_PROFILES).sort(), [
      'eu.europa.ec.eudi.pid.1',
      'org.iso.18013.5.1.mDL',
      'org.iso.23220.photoid.1',
    ]);
    assert.deepEqual(Object.keys(MDOC_EXAMPLE_PROFILES['org.iso.23220.photoid.1']!.profile.credentialData), [
      'org.iso.23220.1',
      'org.iso.23220.photoid.1',
    ]);
  });

  for (const example of Object.values(MDOC_EXAMPLE_PROFILES)) {
    const { doctype } = example.credentialConfiguration;
    it(`${doctype}: valid config, claims metadata matches the data, issues and verifies with @owf/mdoc and @auth0/mdl`, async () => {
      assert.equal(example.profile.credentialConfigurationId, example.credentialConfigurationId);
      assert.equal(validateMdocDataMappingConfig(example.profile.mDocNameSpacesDataMappingConfig).valid, true);
      assert.equal(checkMdocSigningKey('secp256r1', example.credentialConfiguration.credential_signing_alg_values_supported).allowed, true);
      for (const claim of example.credentialConfiguration.credential_metadata.claims) {
        const [ns, element] = claim.path as [string, string];
        assert.ok(example.profile.credentialData[ns]?.[element] !== undefined, `claims path ${claim.path.join('/')} has data`);
      }

      const pki = await createMdocTestPki('ES256', { country: issuingCountry(example) });
      const holder = createHolderKey('P-256');
      const now = new Date();
      const validFor = parseDuration(example.profile.validity.validFor);
      assert.ok(validFor.valid);
      const credential = await issueMdoc(
        {
          docType: doctype,
          nameSpaces: example.profile.credentialData,
          dataMappingConfig: example.profile.mDocNameSpacesDataMappingConfig,
          deviceKey: holder.publicJwk,
          validityInfo: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + validFor.ms) },
          signingAlgorithm: 'ES256',
          certificateChain: pki.chain,
        },
        testCallbacks(pki),
      );

      const owf = await loadOwf();
      await owf.Holder.verifyIssuerSigned({ issuerSigned: credential, trustedCertificates: [pki.iacaDer] }, owfContextNever(owf));
      const elements = Object.fromEntries(Object.entries(example.profile.credentialData).map(([ns, data]) => [ns, Object.keys(data)]));
      const { claims } = await presentAndVerifyWithAuth0({
        issuerSignedB64u: credential,
        docType: doctype,
        iacaPem: pki.iacaPem,
        holder,
        holderAlg: 'ES256',
        elements,
      });
      for (const [ns, names] of Object.entries(elements))
        assert.deepEqual(Object.keys(claims[ns]!).sort(), [...names].sort(), `${ns} fully disclosed`);

      // Elements configured as full-date / tdate are #6.1004 / #6.0 in the item bytes; portraits are bstr.
      const decoded = decodeIssuerSigned(credential);
      for (const [ns, config] of Object.entries(example.profile.mDocNameSpacesDataMappingConfig)) {
        const items = new Map(decoded.items.get(ns)!.map((i) => [i.elementIdentifier, i]));
        for (const [element, entry] of Object.entries(config.entriesConfigMap)) {
          const text = example.profile.credentialData[ns]![element] as string;
          if (entry.type === 'string' && entry.conversionType === 'stringToFullDate') {
            assert.ok(Buffer.from(items.get(element)!.bytes).includes(taggedTextBytes(1004, text)), `${ns}/${element} is full-date`);
          }
          if (entry.type === 'string' && entry.conversionType === 'stringToTDate') {
            assert.ok(Buffer.from(items.get(element)!.bytes).includes(taggedTextBytes(0, text)), `${ns}/${element} is tdate`);
          }
        }
        if (items.has('portrait')) {
          assert.deepEqual(
            Buffer.from(items.get('portrait')!.elementValue as Uint8Array),
            Buffer.from(EXAMPLE_PORTRAIT_JPEG_BASE64, 'base64'),
          );
        }
      }
    });
  }
});
