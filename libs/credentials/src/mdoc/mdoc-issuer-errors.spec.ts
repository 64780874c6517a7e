import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { CredentialError, CredentialErrorCode } from '../shared/credential-error';
import { issueMdoc } from './mdoc.issuer';
import { MdocDateTime, MdocFullDate } from './mdoc-values';
import { MdocCallbacks, MdocIssueInput } from './mdoc.types';
import { createHolderKey } from './test-support/mdoc-pki.helper';

const NS = 'org.iso.18013.5.1';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const callbacks = (signer?: MdocCallbacks['sign']): MdocCallbacks => ({
  sign: signer ?? (async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }))),
  digest: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
});

function base(): MdocIssueInput {
  const now = new Date();
  return {
    docType: 'org.iso.18013.5.1.mDL',
    nameSpaces: { [NS]: { family_name: 'Doe', portrait: 'AAEC' } },
    dataMappingConfig: { [NS]: { entriesConfigMap: { portrait: { type: 'string', conversionType: 'base64StringToByteString' } } } },
    deviceKey: createHolderKey('P-256').publicJwk,
    validityInfo: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 86_400_000) },
    signingAlgorithm: 'ES256',
    certificateChain: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])],
  };
}

async function rejectsWith(input: MdocIssueInput, code: CredentialErrorCode, path?: string, cb = callbacks()): Promise<CredentialError> {
  const error = await issueMdoc(input, cb).then(
    () => assert.fail('expected a CredentialError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CredentialError, String(error));
  assert.equal(error.code, code, error.message);
  if (path) assert.equal(error.errors?.[0]?.path, path);
  return error;
}

describe('issueMdoc: refusals', () => {
  it('issues the baseline input (so each refusal below is caused by its one change)', async () => {
    assert.match(await issueMdoc(base(), callbacks()), /^[A-Za-z0-9_-]+$/);
  });

  for (const alg of ['RS256', 'PS256', 'ES256K', 'ES512', 'none']) {
    it(`refuses signing algorithm ${alg} (mdoc allows ES256, ES384, EdDSA only)`, async () => {
      await rejectsWith({ ...base(), signingAlgorithm: alg as never }, 'MDOC_UNSUPPORTED_ALGORITHM', 'signingAlgorithm');
    });
  }

  it('refuses a secp256k1, RSA or malformed device key', async () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ format: 'jwk' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const short = { ...createHolderKey('P-256').publicJwk, x: 'AAAA' };
    for (const deviceKey of [k1, rsa, short, { kty: 'OKP', crv: 'X25519', x: 'AAAA' }]) {
      await rejectsWith({ ...base(), deviceKey: deviceKey as Record<string, unknown> }, 'INVALID_JWK', 'deviceKey');
    }
  });

  it('refuses a DER-encoded ECDSA signature and wraps a failing signer', async () => {
    const der = callbacks(async (data) => new Uint8Array(sign('sha256', data, privateKey)));
    const error = await rejectsWith(base(), 'SIGNING_FAILED', undefined, der);
    assert.match(error.message, /raw 64-byte/);
    const cause = new Error('kms unavailable');
    const failing = await rejectsWith(
      base(),
      'SIGNING_FAILED',
      undefined,
      callbacks(async () => {
        throw cause;
      }),
    );
    assert.equal(failing.cause, cause);
  });

  it('refuses validity that ISO 18013-5 forbids: validUntil ≤ validFrom, validFrom before signed, invalid dates', async () => {
    const t = new Date('2026-05-01T00:00:00Z');
    const later = new Date('2026-06-01T00:00:00Z');
    await rejectsWith(
      { ...base(), validityInfo: { signed: t, validFrom: later, validUntil: later } },
      'MDOC_INVALID_REQUEST',
      'validityInfo.validUntil',
    );
    await rejectsWith(
      { ...base(), validityInfo: { signed: later, validFrom: t, validUntil: new Date('2027-01-01') } },
      'MDOC_INVALID_REQUEST',
      'validityInfo.validFrom',
    );
    await rejectsWith(
      { ...base(), validityInfo: { signed: t, validFrom: t, validUntil: new Date('nope') } },
      'MDOC_INVALID_REQUEST',
      'validityInfo.validUntil',
    );
  });

  it('refuses a missing certificate chain, an unknown x5chain mode, a bad status reference, a bad digest algorithm', async () => {
    await rejectsWith({ ...base(), certificateChain: [] }, 'MDOC_INVALID_REQUEST', 'certificateChain');
    await rejectsWith({ ...base(), x5chain: 'full' as never }, 'MDOC_INVALID_REQUEST', 'x5chain');
    await rejectsWith(
      { ...base(), status: { status_list: { idx: -1, uri: 'https://s.example/1' } } },
      'MDOC_INVALID_REQUEST',
      'status.status_list.idx',
    );
    await rejectsWith({ ...base(), status: { status_list: { idx: 1, uri: '' } } }, 'MDOC_INVALID_REQUEST', 'status.status_list.uri');
    await rejectsWith({ ...base(), digestAlgorithm: 'SHA-1' as never }, 'MDOC_INVALID_REQUEST', 'digestAlgorithm');
    await rejectsWith({ ...base(), docType: '' }, 'MDOC_INVALID_REQUEST', 'docType');
  });

  it('refuses an unknown conversion type and data that does not fit its conversion, naming the element', async () => {
    const unknown = base();
    unknown.dataMappingConfig = { [NS]: { entriesConfigMap: { portrait: { type: 'string', conversionType: 'stringToJpeg' as never } } } };
    await rejectsWith(unknown, 'MDOC_DATA_MAPPING_INVALID', "['org.iso.18013.5.1'].entriesConfigMap.portrait.conversionType");
    await rejectsWith(
      { ...base(), nameSpaces: { [NS]: { family_name: 'Doe', portrait: 'not base64!' } } },
      'MDOC_DATA_CONVERSION_FAILED',
      "['org.iso.18013.5.1'].portrait",
    );
    await rejectsWith(
      { ...base(), nameSpaces: { [NS]: { birth_date: new MdocFullDate('1990-13-01') } } },
      'MDOC_DATA_CONVERSION_FAILED',
      "['org.iso.18013.5.1'].birth_date",
    );
    await rejectsWith(
      { ...base(), nameSpaces: { [NS]: { seen: new MdocDateTime('2026-01-01T00:00:00.5Z') } } },
      'MDOC_DATA_CONVERSION_FAILED',
      "['org.iso.18013.5.1'].seen",
    );
    await rejectsWith({ ...base(), nameSpaces: {} }, 'MDOC_INVALID_REQUEST');
    await rejectsWith({ ...base(), nameSpaces: { [NS]: {} } }, 'MDOC_INVALID_REQUEST', "['org.iso.18013.5.1']");
  });
});
