import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MdocDigestAlgorithm, MdocSigningAlgorithm } from './mdoc-algorithms';
import { issueMdoc } from './mdoc.issuer';
import { MdocIssueInput } from './mdoc.types';
import { presentAndVerifyWithAuth0 } from './test-support/auth0-mdl-verifier.helper';
import { assertDigestsMatch, decodeCbor, decodeIssuerSigned, taggedTextBytes } from './test-support/issuer-signed-decoder.helper';
import { createHolderKey, createMdocTestPki, HolderKey, MdocTestPki, testCallbacks } from './test-support/mdoc-pki.helper';
import { loadOwf, owfContext } from '@issuer/testing';

const owfContextNever = (owf: Awaited<ReturnType<typeof loadOwf>>) => owfContext(owf) as never;

const MDL = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const DAY = 86_400_000;
const PORTRAIT = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
const FULL_DATE = { type: 'string', conversionType: 'stringToFullDate' } as const;
const ELEMENTS = ['family_name', 'birth_date', 'portrait', 'driving_privileges', 'issuing_country', 'age_over_18', 'document_number'];

function mdlInput(pki: MdocTestPki, holder: HolderKey, alg: MdocSigningAlgorithm, now = new Date()): MdocIssueInput {
  return {
    docType: MDL,
    nameSpaces: {
      [NS]: {
        family_name: 'Mustermann',
        given_name: 'Erika',
        birth_date: '1971-09-01',
        issuing_country: 'US',
        issuing_jurisdiction: 'CA',
        document_number: 'D1234567',
        portrait: PORTRAIT.toString('base64'),
        age_over_18: true,
        driving_privileges: [
          { vehicle_category_code: 'B', issue_date: '2024-01-01', expiry_date: '2029-01-01' },
          { vehicle_category_code: 'A', issue_date: '2020-05-05' },
        ],
      },
    },
    dataMappingConfig: {
      [NS]: {
        entriesConfigMap: {
          birth_date: FULL_DATE,
          portrait: { type: 'string', conversionType: 'base64StringToByteString' },
          driving_privileges: {
            type: 'array',
            arrayConfig: [{ type: 'object', entriesConfigMap: { issue_date: FULL_DATE, expiry_date: FULL_DATE } }],
          },
        },
      },
    },
    deviceKey: holder.publicJwk,
    validityInfo: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * DAY) },
    signingAlgorithm: alg,
    certificateChain: pki.chain,
  };
}

async function verifyWithOwf(credential: string, trusted: Uint8Array): Promise<Record<string, unknown>> {
  const owf = await loadOwf();
  const ctx = owfContextNever(owf);
  await owf.Holder.verifyIssuerSigned({ issuerSigned: credential, trustedCertificates: [trusted] }, ctx);
  const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(credential);
  await parsed.verify({ trustedCertificates: [trusted] }, ctx);
  return parsed.getPrettyClaims(NS) as Record<string, unknown>;
}

const CASES: {
  alg: MdocSigningAlgorithm;
  cose: number;
  holder: 'P-256' | 'P-384' | 'Ed25519';
  holderAlg: 'ES256' | 'ES384' | 'EdDSA';
  crv: number;
}[] = [
  { alg: 'ES256', cose: -7, holder: 'P-256', holderAlg: 'ES256', crv: 1 },
  { alg: 'ES384', cose: -35, holder: 'P-384', holderAlg: 'ES384', crv: 2 },
  { alg: 'EdDSA', cose: -8, holder: 'Ed25519', holderAlg: 'EdDSA', crv: 6 },
];

describe('issueMdoc: independent verification', () => {
  for (const c of CASES) {
    it(`${c.alg} issuer key: @owf/mdoc and @auth0/mdl verify it against the IACA; the device key is the ${c.holder} holder key`, async () => {
      const pki = await createMdocTestPki(c.alg, { country: 'US', state: 'CA' });
      const holder = createHolderKey(c.holder);
      const credential = await issueMdoc(mdlInput(pki, holder, c.alg), testCallbacks(pki));

      const owfClaims = await verifyWithOwf(credential, pki.iacaDer);
      assert.equal(owfClaims['family_name'], 'Mustermann');

      // @auth0/mdl checks the chain, the issuer signature, every digest, validity, issuing_country = C, and the
      // holder's device signature with the MSO deviceKey: it only passes when deviceKey is the holder key.
      const { claims } = await presentAndVerifyWithAuth0({
        issuerSignedB64u: credential,
        docType: MDL,
        iacaPem: pki.iacaPem,
        holder,
        holderAlg: c.holderAlg,
        elements: { [NS]: ELEMENTS },
      });
      assert.deepEqual(Buffer.from(claims[NS]!['portrait'] as Uint8Array), PORTRAIT);

      const decoded = decodeIssuerSigned(credential);
      assert.deepEqual(decoded.protectedHeader, new Map([[1, c.cose]]));
      assert.deepEqual(Buffer.from(decoded.unprotectedHeader.get(33) as Uint8Array), Buffer.from(pki.dsDer), 'x5chain = DS leaf only');
      assert.equal(decoded.signature.length, c.alg === 'ES384' ? 96 : 64);
      const deviceKey = (decoded.mso.get('deviceKeyInfo') as Map<string, Map<number, unknown>>).get('deviceKey')!;
      assert.equal(deviceKey.get(-1), c.crv);
      assert.equal(Buffer.from(deviceKey.get(-2) as Uint8Array).toString('base64url'), holder.publicJwk['x']);
      if (c.holder !== 'Ed25519') assert.equal(Buffer.from(deviceKey.get(-3) as Uint8Array).toString('base64url'), holder.publicJwk['y']);
    });
  }

  it('fails verification against another IACA and after a data element is altered', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const other = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const credential = await issueMdoc(mdlInput(pki, createHolderKey('P-256'), 'ES256'), testCallbacks(pki));
    await assert.rejects(verifyWithOwf(credential, other.iacaDer));

    const bytes = Buffer.from(credential, 'base64url');
    const at = bytes.indexOf(Buffer.from('Mustermann'));
    bytes.write('Musterfrau', at);
    await assert.rejects(verifyWithOwf(bytes.toString('base64url'), pki.iacaDer), 'digest mismatch is detected');
  });
});

describe('issueMdoc: structure', () => {
  it('writes full-date (#6.1004), bstr and nested driving_privileges as converted; digests match; salts are 32 bytes', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const decoded = decodeIssuerSigned(await issueMdoc(mdlInput(pki, createHolderKey('P-256'), 'ES256'), testCallbacks(pki)));
    assertDigestsMatch(decoded);
    const items = new Map(decoded.items.get(NS)!.map((i) => [i.elementIdentifier, i]));
    assert.ok(Buffer.from(items.get('birth_date')!.bytes).includes(taggedTextBytes(1004, '1971-09-01')));
    assert.deepEqual(Buffer.from(items.get('portrait')!.elementValue as Uint8Array), PORTRAIT);
    const privileges = Buffer.from(items.get('driving_privileges')!.bytes);
    for (const date of ['2024-01-01', '2029-01-01', '2020-05-05']) assert.ok(privileges.includes(taggedTextBytes(1004, date)), date);
    assert.equal(items.get('age_over_18')!.elementValue, true);
    for (const item of items.values()) assert.equal(item.random.length, 32);
  });

  it('takes validityInfo from the input as tdate (#6.0) with whole seconds, and writes status and version', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const signed = new Date('2026-03-01T10:00:00.789Z');
    const input = mdlInput(pki, createHolderKey('P-256'), 'ES256', signed);
    input.validityInfo = {
      signed,
      validFrom: new Date('2026-03-02T00:00:00Z'),
      validUntil: new Date('2027-03-02T00:00:00Z'),
      expectedUpdate: new Date('2026-09-01T00:00:00Z'),
    };
    input.status = { status_list: { idx: 4711, uri: 'https://issuer.example/statuslists/7' } };
    const credential = await issueMdoc(input, testCallbacks(pki));
    const decoded = decodeIssuerSigned(credential);
    const issuerAuth = (decodeCbor(Buffer.from(credential, 'base64url')) as Map<string, Uint8Array[]>).get('issuerAuth')!;
    const msoBytes = Buffer.from(issuerAuth[2]!);
    for (const text of ['2026-03-01T10:00:00Z', '2026-03-02T00:00:00Z', '2027-03-02T00:00:00Z', '2026-09-01T00:00:00Z']) {
      assert.ok(msoBytes.includes(taggedTextBytes(0, text)), `tdate ${text}`);
    }
    assert.equal(decoded.mso.get('version'), '1.0');
    assert.equal(decoded.mso.get('docType'), MDL);
    assert.equal(decoded.mso.get('digestAlgorithm'), 'SHA-256');
    assert.deepEqual(
      decoded.mso.get('status'),
      new Map([
        [
          'status_list',
          new Map<string, unknown>([
            ['idx', 4711],
            ['uri', 'https://issuer.example/statuslists/7'],
          ]),
        ],
      ]),
    );
    const owf = await loadOwf();
    const mso = owf.IssuerSigned.fromEncodedForOid4Vci(credential).issuerAuth.mobileSecurityObject;
    assert.equal(mso.validityInfo.validFrom.toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(mso.validityInfo.expectedUpdate?.toISOString(), '2026-09-01T00:00:00.000Z');
  });

  it('draws random, unique, non-sequential digest ids and fresh salts: two issuances differ', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const holder = createHolderKey('P-256');
    const a = decodeIssuerSigned(await issueMdoc(mdlInput(pki, holder, 'ES256'), testCallbacks(pki))).items.get(NS)!;
    const b = decodeIssuerSigned(await issueMdoc(mdlInput(pki, holder, 'ES256'), testCallbacks(pki))).items.get(NS)!;
    const idsA = a.map((i) => i.digestID);
    assert.equal(new Set(idsA).size, idsA.length, 'unique');
    assert.notDeepEqual(
      [...idsA].sort((x, y) => x - y),
      idsA.map((_, i) => i),
      'not 0..n-1',
    );
    assert.notDeepEqual(
      idsA,
      b.map((i) => i.digestID),
    );
    assert.ok(idsA.every((id) => Number.isInteger(id) && id >= 0 && id < 2 ** 31));
    const salts = new Set([...a, ...b].map((i) => Buffer.from(i.random).toString('hex')));
    assert.equal(salts.size, a.length + b.length);
  });

  it('re-draws a digest id that collides (a random source that repeats itself)', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    let calls = 0;
    // Every 4-byte draw (digest ids) returns the same value twice in a row; salts stay random.
    const random = (n: number) => (n === 4 ? new Uint8Array([0, 0, 0, Math.floor(calls++ / 2)]) : new Uint8Array(n).fill(calls));
    const decoded = decodeIssuerSigned(await issueMdoc(mdlInput(pki, createHolderKey('P-256'), 'ES256'), testCallbacks(pki, random)));
    const ids = decoded.items.get(NS)!.map((i) => i.digestID);
    assert.equal(new Set(ids).size, ids.length);
    assertDigestsMatch(decoded);
  });

  for (const [digestAlgorithm, nodeHash] of [
    ['SHA-384', 'sha384'],
    ['SHA-512', 'sha512'],
  ] as [MdocDigestAlgorithm, string][]) {
    it(`uses ${digestAlgorithm} for valueDigests when asked; both verifiers accept it`, async () => {
      const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
      const holder = createHolderKey('P-256');
      const credential = await issueMdoc({ ...mdlInput(pki, holder, 'ES256'), digestAlgorithm }, testCallbacks(pki));
      const decoded = decodeIssuerSigned(credential);
      assert.equal(decoded.mso.get('digestAlgorithm'), digestAlgorithm);
      assertDigestsMatch(decoded, nodeHash);
      await verifyWithOwf(credential, pki.iacaDer);
      await presentAndVerifyWithAuth0({
        issuerSignedB64u: credential,
        docType: MDL,
        iacaPem: pki.iacaPem,
        holder,
        holderAlg: 'ES256',
        elements: { [NS]: ['family_name'] },
      });
    });
  }

  it('a Token Status List reference in the MSO does not disturb either verifier', async () => {
    const pki = await createMdocTestPki('ES384', { country: 'US', state: 'CA' });
    const holder = createHolderKey('P-256');
    const status = { status_list: { idx: 0, uri: 'https://issuer.example/statuslists/1' } };
    const credential = await issueMdoc({ ...mdlInput(pki, holder, 'ES384'), status }, testCallbacks(pki));
    assert.ok(decodeIssuerSigned(credential).mso.has('status'));
    await verifyWithOwf(credential, pki.iacaDer);
    await presentAndVerifyWithAuth0({
      issuerSignedB64u: credential,
      docType: MDL,
      iacaPem: pki.iacaPem,
      holder,
      holderAlg: 'ES256',
      elements: { [NS]: ['given_name'] },
    });
  });

  it('puts the whole chain in x5chain when asked, and it still verifies', async () => {
    const pki = await createMdocTestPki('ES256', { country: 'US', state: 'CA' });
    const credential = await issueMdoc({ ...mdlInput(pki, createHolderKey('P-256'), 'ES256'), x5chain: 'chain' }, testCallbacks(pki));
    const chain = decodeIssuerSigned(credential).unprotectedHeader.get(33) as Uint8Array[];
    assert.deepEqual(
      chain.map((c) => Buffer.from(c)),
      [Buffer.from(pki.dsDer), Buffer.from(pki.iacaDer)],
    );
    await verifyWithOwf(credential, pki.iacaDer);
  });
});
