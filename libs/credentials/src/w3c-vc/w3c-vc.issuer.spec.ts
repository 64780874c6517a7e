import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { verifySDJWT } from '@meeco/sd-jwt';
import { verifyJWT } from 'did-jwt';
import { verifyCredential } from 'did-jwt-vc';
import type { DIDResolutionResult, Resolvable } from 'did-resolver';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { CredentialError } from '../shared/credential-error';
import { issueW3cVc } from './w3c-vc.issuer';
import type { W3cIssueRequest, W3cVcCallbacks } from './w3c-vc.types';

// --- test crypto and an independent did:jwk resolver; production code gets both through callbacks / the registry ---
type Kind = 'ES256' | 'EdDSA' | 'ES256K';
function issuerKey(kind: Kind) {
  const { privateKey, publicKey } =
    kind === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: kind === 'ES256' ? 'P-256' : 'secp256k1' });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
  const callbacks: W3cVcCallbacks = {
    sign: async (input) =>
      sign(kind === 'EdDSA' ? null : 'sha256', Buffer.from(input, 'ascii'), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
        'base64url',
      ),
    hash: (data) => new Uint8Array(createHash('sha256').update(data, 'ascii').digest()),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  };
  return { alg: kind as string, publicKey, jwk, did, kid: `${did}#0`, callbacks };
}
const didJwkResolver: Resolvable = {
  resolve: async (didUrl) => {
    const did = didUrl.split('#')[0]!;
    const jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as Record<string, string>;
    const method = { id: `${did}#0`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk };
    return {
      didResolutionMetadata: {},
      didDocumentMetadata: {},
      didDocument: { '@context': 'https://www.w3.org/ns/did/v1', id: did, verificationMethod: [method], assertionMethod: [method.id] },
    } as DIDResolutionResult;
  },
};

const holder = issuerKey('ES256');
const issuedAt = new Date('2026-11-28T10:00:00Z');
function request(key: ReturnType<typeof issuerKey>, overrides: Partial<W3cIssueRequest> = {}): W3cIssueRequest {
  return {
    version: '1.1',
    header: { alg: key.alg, kid: key.kid },
    issuer: key.did,
    credential: {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      credentialSubject: { degree: { type: 'BachelorDegree', name: 'Bachelor of Science' } },
    },
    subjectId: holder.did,
    issuedAt,
    validUntil: new Date('2027-11-28T10:00:00Z'),
    credentialId: `urn:uuid:${randomUUID()}`,
    ...overrides,
  };
}
const keys = Object.fromEntries((['ES256', 'EdDSA', 'ES256K'] as Kind[]).map((kind) => [kind, issuerKey(kind)])) as Record<
  Kind,
  ReturnType<typeof issuerKey>
>;
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>;
const verifyWithJose = (jwt: string, publicKey: KeyObject, typ: string) => jwtVerify(jwt, publicKey, { typ, currentDate: issuedAt });

describe('W3C VCDM 1.1 as jwt_vc_json', () => {
  for (const kind of ['ES256', 'EdDSA', 'ES256K'] as Kind[]) {
    it(`is accepted by did-jwt-vc with a ${kind} issuer key`, async () => {
      const jwt = await issueW3cVc(request(keys[kind]), keys[kind].callbacks);
      const verified = await verifyCredential(jwt, didJwkResolver, { policies: { now: Math.floor(issuedAt.getTime() / 1000) + 60 } });
      assert.equal(verified.issuer, keys[kind].did);
      assert.equal(verified.verifiableCredential.credentialSubject.id, holder.did);
      assert.deepEqual(verified.verifiableCredential.type, ['VerifiableCredential', 'UniversityDegreeCredential']);
    });
  }

  it('carries the registered claims and the same values inside vc ("in addition to" mode)', async () => {
    const jwt = await issueW3cVc(request(keys.ES256), keys.ES256.callbacks);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', kid: keys.ES256.kid, typ: 'JWT' });
    const { payload } = await verifyWithJose(jwt, keys.ES256.publicKey, 'JWT');
    const vc = payload['vc'] as Record<string, any>;
    assert.equal(payload.iss, keys.ES256.did);
    assert.equal(payload.sub, holder.did);
    assert.equal(payload.nbf, Math.floor(issuedAt.getTime() / 1000));
    assert.equal(payload.exp, Math.floor(Date.parse('2027-11-28T10:00:00Z') / 1000));
    assert.equal(payload.jti, vc['id']);
    assert.equal(vc['issuer'], keys.ES256.did);
    assert.equal(vc['issuanceDate'], '2026-11-28T10:00:00Z');
    assert.equal(vc['expirationDate'], '2027-11-28T10:00:00Z');
    assert.equal(vc['@context'][0], 'https://www.w3.org/2018/credentials/v1');
  });

  it('states issuanceDate and expirationDate exactly as nbf and exp, at whole seconds (VCDM 1.1 §6.3.1.1)', async () => {
    const dates = { issuedAt: new Date('2026-12-06T12:00:57.710Z'), validUntil: new Date('2027-12-06T12:00:57.999Z') };
    const payload = payloadOf(await issueW3cVc(request(keys.ES256, dates), keys.ES256.callbacks));
    assert.equal(payload['vc']['issuanceDate'], '2026-12-06T12:00:57Z');
    assert.equal(payload['vc']['expirationDate'], '2027-12-06T12:00:57Z');
    assert.equal(Date.parse(payload['vc']['issuanceDate']) / 1000, payload['nbf']);
    assert.equal(Date.parse(payload['vc']['expirationDate']) / 1000, payload['exp']);
    const fromData = { ...request(keys.ES256).credential, issuanceDate: '2026-01-01T00:00:00.250Z' };
    const given = payloadOf(await issueW3cVc(request(keys.ES256, { credential: fromData }), keys.ES256.callbacks));
    assert.deepEqual([given['vc']['issuanceDate'], given['nbf']], ['2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:00Z') / 1000]);
  });

  it('takes validity from credentialData when the profile sets none, and keeps an issuer object with its name', async () => {
    const credential = {
      ...request(keys.ES256).credential,
      issuer: { id: 'did:example:replaced', name: 'Acme University' },
      issuanceDate: '2026-01-01T00:00:00Z',
      expirationDate: '2030-01-01T00:00:00Z',
    };
    const jwt = await issueW3cVc(request(keys.ES256, { credential, validUntil: undefined }), keys.ES256.callbacks);
    const payload = payloadOf(jwt);
    assert.equal(payload['nbf'], Date.parse('2026-01-01T00:00:00Z') / 1000);
    assert.equal(payload['exp'], Date.parse('2030-01-01T00:00:00Z') / 1000);
    assert.deepEqual(payload['vc']['issuer'], { id: keys.ES256.did, name: 'Acme University' });
  });

  it('adds a Bitstring status entry with the status context VCDM 1.1 needs', async () => {
    const credentialStatus = {
      type: 'BitstringStatusList' as const,
      uri: 'https://issuer.example/status-lists/l1',
      index: 4711,
      purpose: 'revocation',
    };
    const vc = payloadOf(await issueW3cVc(request(keys.ES256, { credentialStatus }), keys.ES256.callbacks))['vc'];
    assert.ok(vc['@context'].includes('https://www.w3.org/ns/credentials/status/v1'));
    assert.deepEqual(vc['credentialStatus'], {
      id: 'https://issuer.example/status-lists/l1#4711',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '4711',
      statusListCredential: 'https://issuer.example/status-lists/l1',
    });
  });

  it('writes several status entries as a credentialStatus array, with statusSize and statusMessage for message lists', async () => {
    const statusMessage = [0, 1, 2, 3].map((v) => ({ status: `0x${v}`, message: `m${v}` }));
    const credentialStatus = [
      { type: 'BitstringStatusList' as const, uri: 'https://i.example/s/r', index: 1, purpose: 'revocation' },
      { type: 'BitstringStatusList' as const, uri: 'https://i.example/s/m', index: 2, purpose: 'message', statusSize: 2, statusMessage },
    ];
    const vc = payloadOf(await issueW3cVc(request(keys.ES256, { credentialStatus }), keys.ES256.callbacks))['vc'];
    assert.equal(vc['@context'].filter((c: string) => c === 'https://www.w3.org/ns/credentials/status/v1').length, 1);
    assert.deepEqual(
      vc['credentialStatus'].map((e: Record<string, unknown>) => [e['statusPurpose'], e['statusListCredential'], e['statusSize']]),
      [
        ['revocation', 'https://i.example/s/r', undefined],
        ['message', 'https://i.example/s/m', 2],
      ],
    );
    assert.deepEqual(vc['credentialStatus'][1]['statusMessage'], statusMessage);
  });

  it('refuses selective disclosure, which needs VCDM 2.0', async () => {
    await assert.rejects(
      issueW3cVc(request(keys.ES256, { selectiveDisclosure: { fields: { credentialSubject: { sd: true } } } }), keys.ES256.callbacks),
      (error: unknown) => error instanceof CredentialError && error.code === 'W3C_VC_INVALID_REQUEST',
    );
  });
});

describe('W3C VCDM 2.0', () => {
  const v2 = (overrides: Partial<W3cIssueRequest> = {}) =>
    request(keys.ES256, {
      version: '2.0',
      credential: { type: ['ExampleDegreeCredential'], credentialSubject: { degree: { name: 'Bachelor of Science' } } },
      ...overrides,
    });

  it('as vc+jwt: the payload is the credential, verified by jose and by did-jwt', async () => {
    const jwt = await issueW3cVc(v2(), keys.ES256.callbacks);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', kid: keys.ES256.kid, typ: 'vc+jwt', cty: 'vc' });
    const { payload } = await verifyWithJose(jwt, keys.ES256.publicKey, 'vc+jwt');
    assert.equal(payload['vc'], undefined);
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.deepEqual(payload['type'], ['VerifiableCredential', 'ExampleDegreeCredential']);
    assert.equal(payload['issuer'], payload.iss);
    assert.equal(payload['validFrom'], '2026-11-28T10:00:00Z');
    assert.equal(payload['validUntil'], '2027-11-28T10:00:00Z');
    assert.equal(Date.parse(payload['validUntil'] as string) / 1000, payload.exp);
    assert.equal((payload['credentialSubject'] as Record<string, unknown>)['id'], holder.did);
    const didJwt = await verifyJWT(jwt, {
      resolver: didJwkResolver,
      policies: { aud: false, now: Math.floor(issuedAt.getTime() / 1000) + 60 },
    });
    assert.equal(didJwt.issuer, keys.ES256.did);
  });

  it('writes validFrom and validUntil at the whole seconds of iat and exp', async () => {
    const dates = { issuedAt: new Date('2026-12-06T12:00:57.710Z'), validUntil: new Date('2027-12-06T12:00:57.710Z') };
    for (const selectiveDisclosure of [undefined, { fields: { credentialSubject: { sd: true } } }]) {
      const jwt = (await issueW3cVc(v2({ ...dates, selectiveDisclosure }), keys.ES256.callbacks)).split('~')[0]!;
      const payload = payloadOf(jwt);
      assert.deepEqual([payload['validFrom'], payload['validUntil']], ['2026-12-06T12:00:57Z', '2027-12-06T12:00:57Z']);
      assert.deepEqual(
        [Date.parse(payload['validFrom']) / 1000, Date.parse(payload['validUntil']) / 1000],
        [payload['iat'], payload['exp']],
      );
    }
  });

  it('replaces a VCDM 1.1 base context and needs no extra context for Bitstring status', async () => {
    const credentialStatus = { type: 'BitstringStatusList' as const, uri: 'https://i.example/s/1', index: 7, purpose: 'suspension' };
    const credential = { '@context': ['https://www.w3.org/2018/credentials/v1', 'https://schema.example/v1'], credentialSubject: {} };
    const payload = payloadOf(await issueW3cVc(v2({ credential, credentialStatus }), keys.ES256.callbacks));
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://schema.example/v1']);
    assert.equal(payload['credentialStatus']['statusPurpose'], 'suspension');
  });

  it('as vc+sd-jwt with a selective disclosure map: independent SD-JWT verification restores the hidden claims', async () => {
    const selectiveDisclosure = { fields: { credentialSubject: { sd: false, children: { fields: { degree: { sd: true } } } } } };
    const sdJwt = await issueW3cVc(v2({ selectiveDisclosure }), keys.ES256.callbacks);
    const [jwt, ...disclosures] = sdJwt.split('~');
    assert.equal(disclosures.length, 2, 'one disclosure and the trailing empty part');
    assert.deepEqual(decodeProtectedHeader(jwt!), { alg: 'ES256', kid: keys.ES256.kid, typ: 'vc+sd-jwt', cty: 'vc' });
    assert.equal(payloadOf(jwt!)['credentialSubject']['degree'], undefined, 'the degree is hidden in the signed payload');
    const sha256 = (data: string) => createHash('sha256').update(data, 'ascii').digest('base64url');
    const claims = (await verifySDJWT(
      sdJwt,
      async (token) => Boolean(await verifyWithJose(token, keys.ES256.publicKey, 'vc+sd-jwt')),
      async () => sha256,
    )) as Record<string, any>;
    assert.deepEqual(claims['credentialSubject'], { id: holder.did, degree: { name: 'Bachelor of Science' } });
  });

  it('refuses to hide what identifies or types the credential', async () => {
    await assert.rejects(
      issueW3cVc(v2({ selectiveDisclosure: { fields: { issuer: { sd: true } } } }), keys.ES256.callbacks),
      (error: unknown) => error instanceof CredentialError && error.code === 'SD_MAP_INVALID',
    );
  });

  it('refuses a vc claim inside the credential data and a non-object subject', async () => {
    for (const credential of [{ vc: {} }, { credentialSubject: 'x' }]) {
      await assert.rejects(
        issueW3cVc(v2({ credential }), keys.ES256.callbacks),
        (error: unknown) => error instanceof CredentialError && error.code === 'W3C_VC_INVALID_REQUEST',
      );
    }
  });
});
