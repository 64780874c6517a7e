import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { Decoder, Encoder } from 'cbor-x';
import { MdocVerificationErrorCode } from './mdoc-verification.error';
import { MdocDeviceResponseResult, verifyMdocDeviceResponse } from './device-response.verifier';
import { createHolderKey, createTestPki, DAY, HolderKey, TestPki } from './test-support/mdoc-test-pki';
import { issueWithOwf, issueWithPlatform, MDL, MDL_NS, OwfWallet, presentWithOwf } from './test-support/mdoc-wallet.helper';
import { loadOwf, owfContext } from '@issuer/testing';

const REQUEST = {
  clientId: 'x509_san_dns:issuer.example',
  nonce: 'n-0S6_WzA2Mj',
  responseUri: 'https://issuer.example/issuers/acme/direct_post',
};

function context(pki: TestPki, overrides: Partial<typeof REQUEST> & { now?: Date; trusted?: string[] } = {}) {
  return {
    clientId: overrides.clientId ?? REQUEST.clientId,
    nonce: overrides.nonce ?? REQUEST.nonce,
    responseUri: overrides.responseUri ?? REQUEST.responseUri,
    trustedCertificates: overrides.trusted ?? [pki.iacaPem],
    now: overrides.now,
  };
}

// Test-side rewriting of a wallet's DeviceResponse with cbor-x (tag 24 items stay opaque byte strings).
const cborX = {
  decoder: new Decoder({ mapsAsObjects: false } as ConstructorParameters<typeof Decoder>[0]),
  encoder: new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]),
};
function rewrite(presentation: string, change: (response: Map<string, unknown>) => void): string {
  const response = cborX.decoder.decode(Buffer.from(presentation, 'base64url')) as Map<string, unknown>;
  change(response);
  return Buffer.from(cborX.encoder.encode(response)).toString('base64url');
}
const firstDocument = (response: Map<string, unknown>) => (response.get('documents') as Map<string, unknown>[])[0]!;
const issuerItems = (response: Map<string, unknown>) =>
  ((firstDocument(response).get('issuerSigned') as Map<string, unknown>).get('nameSpaces') as Map<string, unknown[]>).get(MDL_NS)!;

function assertRefused(result: MdocDeviceResponseResult, reason: MdocVerificationErrorCode, error: 'invalid_request' | 'access_denied') {
  assert.equal(result.verified, false, 'the presentation is refused');
  if (result.verified) return;
  assert.equal(result.reason, reason, result.description);
  assert.equal(result.error, error);
  assert.match(result.description, /^[\x20-\x7e]+$/, 'the description is printable ASCII');
}

describe('verifyMdocDeviceResponse (holder: @owf/mdoc, OpenID4VP 1.0 redirect handover)', () => {
  let wallet: OwfWallet;
  let pki: TestPki;
  let holder: HolderKey;
  let credential: string;
  let presentation: string;

  before(async () => {
    const owf = await loadOwf();
    wallet = { owf, ctx: owfContext(owf) as never };
    pki = await createTestPki('Acme');
    holder = createHolderKey();
    credential = await issueWithPlatform(pki, holder);
    presentation = await presentWithOwf(wallet, credential, holder, REQUEST);
  });

  it('accepts a presentation of a platform-issued mDL and returns the disclosed claims as JSON', async () => {
    const result = await verifyMdocDeviceResponse(presentation, context(pki));
    assert.ok(result.verified, result.verified ? '' : `${result.reason}: ${result.description}`);
    assert.equal(result.documents.length, 1);
    assert.equal(result.documents[0]!.docType, MDL);
    assert.deepEqual(result.documents[0]!.claims, {
      [MDL_NS]: {
        family_name: 'Mustermann',
        birth_date: '1971-09-01',
        portrait: Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64url'),
        age_over_18: true,
        driving_privileges: [{ vehicle_category_code: 'B', issue_date: '2024-01-01' }],
      },
    });
  });

  it('returns only the elements the wallet disclosed', async () => {
    const partial = await presentWithOwf(wallet, credential, holder, REQUEST, ['age_over_18']);
    const result = await verifyMdocDeviceResponse(partial, context(pki));
    assert.ok(result.verified);
    assert.deepEqual(result.documents[0]!.claims, { [MDL_NS]: { age_over_18: true } });
  });

  it('accepts an mDL issued by another implementation (@owf/mdoc Issuer)', async () => {
    const foreign = await issueWithOwf(wallet, pki, holder);
    const result = await verifyMdocDeviceResponse(
      await presentWithOwf(wallet, foreign, holder, REQUEST, ['family_name', 'birth_date']),
      context(pki),
    );
    assert.ok(result.verified, result.verified ? '' : result.description);
    assert.deepEqual(result.documents[0]!.claims, { [MDL_NS]: { family_name: 'Doe', birth_date: '1990-01-01' } });
  });

  // (A P-384 device key is left out: @owf/mdoc 0.6.0 cannot read a P-384 JWK, see libs/testing owf-mdoc-context.)
  for (const [dsAlg, holderKind] of [
    ['ES384', 'P-256'],
    ['EdDSA', 'Ed25519'],
  ] as const) {
    it(`accepts a ${dsAlg} Document Signer with a ${holderKind} device key`, async () => {
      const otherPki = await createTestPki(`Acme ${dsAlg}`, {}, dsAlg);
      const otherHolder = createHolderKey(holderKind);
      const issued = await issueWithPlatform(otherPki, otherHolder);
      const result = await verifyMdocDeviceResponse(
        await presentWithOwf(wallet, issued, otherHolder, REQUEST, ['age_over_18']),
        context(otherPki),
      );
      assert.ok(result.verified, result.verified ? '' : `${result.reason}: ${result.description}`);
      assert.deepEqual(result.documents[0]!.claims, { [MDL_NS]: { age_over_18: true } });
    });
  }

  it('refuses a presentation made for another nonce', async () => {
    assertRefused(
      await verifyMdocDeviceResponse(presentation, context(pki, { nonce: 'another-nonce' })),
      'invalid_device_signature',
      'invalid_request',
    );
  });

  it('refuses a presentation made for another client_id', async () => {
    const result = await verifyMdocDeviceResponse(presentation, context(pki, { clientId: 'x509_san_dns:evil.example' }));
    assertRefused(result, 'invalid_device_signature', 'invalid_request');
  });

  it('refuses a presentation made for another response_uri', async () => {
    const result = await verifyMdocDeviceResponse(presentation, context(pki, { responseUri: 'https://evil.example/direct_post' }));
    assertRefused(result, 'invalid_device_signature', 'invalid_request');
  });

  it('refuses a device signature by a key other than the MSO device key', async () => {
    const stolen = await presentWithOwf(wallet, credential, createHolderKey(), REQUEST);
    assertRefused(await verifyMdocDeviceResponse(stolen, context(pki)), 'invalid_device_signature', 'invalid_request');
  });

  it('refuses an issuer whose IACA is not trusted', async () => {
    const other = await createTestPki('Other');
    assertRefused(
      await verifyMdocDeviceResponse(presentation, context(pki, { trusted: [other.iacaPem] })),
      'untrusted_issuer',
      'access_denied',
    );
  });

  it('accepts a pinned Document Signer certificate as the trusted certificate', async () => {
    const dsPem = new X509Certificate(pki.dsDer).toString();
    const result = await verifyMdocDeviceResponse(presentation, context(pki, { trusted: [dsPem] }));
    assert.ok(result.verified, result.verified ? '' : result.description);
  });

  it('refuses a Document Signer certificate that is not valid now', async () => {
    const later = new Date(Date.now() + 400 * DAY); // past the certificates' notAfter, MSO checks never reached
    assertRefused(await verifyMdocDeviceResponse(presentation, context(pki, { now: later })), 'untrusted_issuer', 'access_denied');
  });

  it('refuses an expired MSO (now > validUntil) and one not yet valid (now < validFrom)', async () => {
    assertRefused(
      await verifyMdocDeviceResponse(presentation, context(pki, { now: new Date(Date.now() + 31 * DAY) })),
      'credential_expired',
      'access_denied',
    );
    assertRefused(
      await verifyMdocDeviceResponse(presentation, context(pki, { now: new Date(Date.now() - 3_600_000) })),
      'credential_not_yet_valid',
      'access_denied',
    );
  });

  it('refuses a tampered element value (digest mismatch)', async () => {
    const bytes = Buffer.from(presentation, 'base64url');
    const at = bytes.indexOf(Buffer.from('Mustermann'));
    assert.ok(at > 0, 'the element value is in the response');
    Buffer.from('Musterfrau').copy(bytes, at); // same length: the CBOR stays well-formed
    const result = await verifyMdocDeviceResponse(bytes.toString('base64url'), context(pki));
    assertRefused(result, 'digest_mismatch', 'invalid_request');
    assert.match((result as { description: string }).description, /org\.iso\.18013\.5\.1\/family_name/);
  });

  it('refuses a forged issuer signature', async () => {
    const bytes = Buffer.from(presentation, 'base64url');
    const at = bytes.indexOf(Buffer.from('validUntil'));
    assert.ok(at > 0);
    bytes[at + 'validUntil'.length + 5]! ^= 0x01; // a digit inside the signed MSO's validUntil tdate
    assertRefused(await verifyMdocDeviceResponse(bytes.toString('base64url'), context(pki)), 'invalid_issuer_signature', 'invalid_request');
  });

  it('refuses deviceMac authentication with a clear message', async () => {
    const macced = rewrite(presentation, (response) => {
      const deviceAuth = (firstDocument(response).get('deviceSigned') as Map<string, unknown>).get('deviceAuth') as Map<string, unknown>;
      deviceAuth.set('deviceMac', deviceAuth.get('deviceSignature'));
      deviceAuth.delete('deviceSignature');
    });
    const result = await verifyMdocDeviceResponse(macced, context(pki));
    assertRefused(result, 'unsupported_device_authentication', 'invalid_request');
    assert.match((result as { description: string }).description, /deviceMac is not supported/);
  });

  it('refuses a DeviceResponse with a non-zero status or without documents', async () => {
    const failed = rewrite(presentation, (response) => response.set('status', 10));
    assertRefused(await verifyMdocDeviceResponse(failed, context(pki)), 'invalid_device_response', 'invalid_request');
    const empty = rewrite(presentation, (response) => response.delete('documents'));
    assertRefused(await verifyMdocDeviceResponse(empty, context(pki)), 'invalid_device_response', 'invalid_request');
  });

  it('refuses a Document whose docType differs from the MSO docType', async () => {
    const renamed = rewrite(presentation, (response) => firstDocument(response).set('docType', 'eu.europa.ec.eudi.pid.1'));
    assertRefused(await verifyMdocDeviceResponse(renamed, context(pki)), 'invalid_mso', 'invalid_request');
  });

  it('refuses an element disclosed twice', async () => {
    const doubled = rewrite(presentation, (response) => {
      const items = issuerItems(response);
      items.push(items[0]);
    });
    assertRefused(await verifyMdocDeviceResponse(doubled, context(pki)), 'invalid_device_response', 'invalid_request');
  });

  it('refuses an element copied from another credential of the same issuer', async () => {
    const other = await presentWithOwf(wallet, await issueWithPlatform(pki, holder), holder, REQUEST, ['family_name']);
    const foreignItem = issuerItems(cborX.decoder.decode(Buffer.from(other, 'base64url')) as Map<string, unknown>)[0];
    const spliced = rewrite(presentation, (response) => {
      issuerItems(response)[0] = foreignItem;
    });
    assertRefused(await verifyMdocDeviceResponse(spliced, context(pki)), 'digest_mismatch', 'invalid_request');
  });

  it('refuses input that is not a DeviceResponse, never throwing', async () => {
    for (const input of ['', 'not base64!', Buffer.from('hello').toString('base64url'), Buffer.from([0xa0]).toString('base64url')]) {
      assertRefused(await verifyMdocDeviceResponse(input, context(pki)), 'invalid_device_response', 'invalid_request');
    }
  });
});
