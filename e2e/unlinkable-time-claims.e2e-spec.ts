import 'reflect-metadata'; // before @peculiar/x509
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { verifyCredential } from 'did-jwt-vc';
import type { DIDResolutionResult, Resolvable } from 'did-resolver';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { MDL_EXAMPLE } from '@issuer/credentials';
import { AdminClient, derOf, owfContext, publicMembers, startTarget, TestWallet, type Owf, type RunningPlatform } from '@issuer/testing';
import { createDidJwkKey, createIssuer, createMdocPki, DEGREE_JWT_VC, PID_SD_JWT } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const target = process.env.E2E_TARGET ?? 'standalone';
const HOUR = 3_600_000;
const DAY = 86_400_000;
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
type Jwk = Record<string, unknown>;

/** did:jwk decoded here (did:jwk spec §2.3), not by the platform. */
const didJwkResolver: Resolvable = {
  resolve: async (didUrl) => {
    const did = didUrl.split('#')[0]!;
    const jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
    const method = { id: `${did}#0`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk };
    return {
      didResolutionMetadata: {},
      didDocumentMetadata: {},
      didDocument: { id: did, verificationMethod: [method], assertionMethod: [method.id] },
    } as unknown as DIDResolutionResult;
  },
};

/**
 * API.md §12 "unlinkable batches" (RFC 9901 §10.1): every credential's iat/nbf/exp, W3C dates and MSO validity are on
 * the hour, so the credentials of a batch share no precise time; validity periods are kept. Each issuance runs
 * between `before` and `after`; the expected hour is that of one of them (an hour boundary may fall in between).
 */
describe(`unlinkable time claims in every format (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let owf: Owf;
  const issuerId = 'unlinkable';
  let key: { keyId: string; publicJwk: Jwk };
  let issuerDid: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    owf = (await import('@owf/mdoc')) as Owf;
    ({ did: issuerDid, ...key } = await createDidJwkKey(admin));
    await createIssuer(admin, {
      id: issuerId,
      batchSize: 2,
      credentialConfigurations: {
        pid: PID_SD_JWT,
        degree: DEGREE_JWT_VC,
        [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration,
      },
    });
  });
  after(async () => platform?.stop());

  async function profile(body: Record<string, unknown>): Promise<string> {
    const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, { name: 'P', issuerKeyId: key.keyId, ...body });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.profileId;
  }
  /** Issues through the independent wallet and returns the credentials with the hours the issuance may have used. */
  async function issue(profileId: string, options: { proofCount?: number; offer?: Record<string, unknown> } = {}) {
    const start = Date.now();
    const offer = await createOffer(admin, issuerId, profileId, options.offer);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { proofCount: options.proofCount });
    const end = Date.now();
    return { credentials: result.credentials, hours: [floorHour(start) / 1000, floorHour(end) / 1000], start, end };
  }
  const publicKey = () => importJWK(publicMembers(key.publicJwk) as JWK, 'ES256');

  it('SD-JWT VC batch: iat on the hour in both credentials, exp = iat + validFor; the status list token keeps its own iat', async () => {
    const profileId = await profile({
      credentialConfigurationId: 'pid',
      credentialData: { given_name: 'Erika' },
      validity: { validFor: '30d' },
      credentialStatus: { type: 'TokenStatusList' },
    });
    const { credentials, hours, start } = await issue(profileId, { proofCount: 2 });
    assert.equal(credentials.length, 2);
    const jwks = await (await fetch(`${platform.baseUrl}/issuers/${issuerId}/jwks`)).json();
    const payloads = [];
    for (const credential of credentials) {
      const { payload } = await verifySdJwtVc(credential, jwks as never, { iss: `${platform.baseUrl}/issuers/${issuerId}` });
      assert.ok(hours.includes(payload.iat), `iat ${payload.iat} is on the issuance hour`);
      assert.equal(payload.exp - payload.iat, 30 * 86_400, 'the validity period is kept');
      assert.equal(payload.nbf, undefined);
      payloads.push(payload);
    }
    assert.deepEqual([payloads[1]!.iat, payloads[1]!.exp], [payloads[0]!.iat, payloads[0]!.exp], 'no precise time tells them apart');
    // The status list token is not a credential: it keeps the precise time of its signing (freshness, ttl).
    const list = await fetch(payloads[0]!.status.status_list.uri, { headers: { accept: 'application/statuslist+jwt' } });
    const listClaims = decodeJwt(await list.text());
    assert.ok(listClaims.iat! >= Math.floor(start / 1000), 'the status list token was signed after the issuance began, not rounded');
  });

  it('SD-JWT VC: a future validFrom is rounded up (never valid before asked), a past one down; validity counted from there', async () => {
    const profileId = await profile({ credentialConfigurationId: 'pid', credentialData: { given_name: 'Erika' } });
    const future = new Date(floorHour(Date.now()) + 2 * DAY + 20 * 60_000 + 30_500);
    const ahead = await issue(profileId, {
      offer: { runtimeOverrides: { validity: { validFrom: future.toISOString(), validFor: '1d' } } },
    });
    const nbf = (floorHour(future.getTime()) + HOUR) / 1000;
    const [jwt] = ahead.credentials[0]!.split('~');
    const { payload } = await jwtVerify(jwt!, await publicKey(), { currentDate: new Date(nbf * 1000 + 1000) });
    assert.equal(payload.nbf, nbf);
    assert.equal(payload.exp, nbf + 86_400);
    assert.ok(ahead.hours.includes(payload.iat!));

    const past = await issue(profileId, {
      offer: { runtimeOverrides: { validity: { validFrom: '2025-03-01T08:20:30.250Z', validFor: '3650d' } } },
    });
    const pastPayload = decodeJwt(past.credentials[0]!.split('~')[0]!);
    assert.equal(pastPayload.nbf, Date.parse('2025-03-01T08:00:00Z') / 1000);
    assert.equal(pastPayload.exp, pastPayload.nbf! + 3650 * 86_400);
  });

  it('W3C VCDM 1.1 batch: issuanceDate/expirationDate are exactly nbf/exp at whole seconds, on the hour, the same in both (did-jwt-vc verifies)', async () => {
    const profileId = await profile({
      credentialConfigurationId: 'degree',
      issuerDid,
      credentialData: { credentialSubject: { degree: { name: 'BSc' } } },
      validity: { validFor: '365d' },
    });
    const { credentials, hours } = await issue(profileId, { proofCount: 2 });
    assert.equal(credentials.length, 2);
    const times: unknown[] = [];
    for (const credential of credentials) {
      const { payload } = await verifyCredential(credential, didJwkResolver);
      const vc = payload.vc as Record<string, string>;
      assert.equal(vc['issuanceDate'], isoSeconds(payload.nbf!), 'VCDM 1.1 §6.3.1.1: nbf represents issuanceDate');
      assert.equal(vc['expirationDate'], isoSeconds(payload.exp!), 'exp represents expirationDate');
      assert.match(vc['issuanceDate']!, /^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
      assert.ok(hours.includes(payload.nbf!) && payload.iat === payload.nbf);
      assert.equal(payload.exp! - payload.nbf!, 365 * 86_400);
      times.push([payload.iat, payload.nbf, payload.exp, vc['issuanceDate'], vc['expirationDate']]);
    }
    assert.deepEqual(times[1], times[0], 'no precise time tells the credentials of the batch apart');
  });

  it('W3C VCDM 2.0 (vc+jwt and vc+sd-jwt): validFrom and validUntil are iat and exp at whole seconds, on the hour', async () => {
    for (const extra of [{}, { selectiveDisclosure: { fields: { credentialSubject: { sd: true } } } }]) {
      const profileId = await profile({
        credentialConfigurationId: 'degree',
        issuerDid,
        w3cVersion: '2.0',
        credentialData: { credentialSubject: { degree: { name: 'MSc' } } },
        validity: { validFor: '10d' },
        ...extra,
      });
      const { credentials, hours } = await issue(profileId);
      const jwt = credentials[0]!.split('~')[0]!;
      assert.equal(decodeProtectedHeader(jwt).kid, `${issuerDid}#0`);
      const jwk = (await didJwkResolver.resolve(issuerDid)).didDocument!.verificationMethod![0]!.publicKeyJwk as JWK;
      const { payload } = await jwtVerify(jwt, await importJWK(jwk, 'ES256'));
      assert.ok(hours.includes(payload.iat!));
      assert.equal(payload['validFrom'], isoSeconds(payload.iat!));
      assert.equal(payload['validUntil'], isoSeconds(payload.exp!));
      assert.equal(payload.exp! - payload.iat!, 10 * 86_400);
    }
  });

  /** A Document Signer for a kms key, issued by a test IACA two days ago (imported): its notBefore does not constrain `signed`. */
  async function olderDocumentSigner() {
    const dsKey = (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body as { keyId: string; publicJwk: Jwk };
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const iacaKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const notBefore = new Date(Date.now() - 2 * DAY);
    const notAfter = new Date(Date.now() + 300 * DAY);
    const iaca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'C=US, CN=Unlinkable Test IACA',
      notBefore,
      notAfter,
      keys: iacaKeys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(iacaKeys.publicKey),
      ],
    });
    const dsPublic = await webcrypto.subtle.importKey('jwk', publicMembers(dsKey.publicJwk) as webcrypto.JsonWebKey, alg, true, ['verify']);
    const ds = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      issuer: iaca.subject,
      subject: 'C=US, CN=Unlinkable Test DS',
      notBefore,
      notAfter,
      publicKey: dsPublic,
      signingKey: iacaKeys.privateKey,
      signingAlgorithm: alg,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true),
        await x509.AuthorityKeyIdentifierExtension.create(iacaKeys.publicKey),
      ],
    });
    const imported = await admin.post('/api/v1/certificates/import', { pem: ds.toString('pem'), keyId: dsKey.keyId });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    return { keyId: dsKey.keyId, certificateId: imported.body.certificateId as string, iacaPem: iaca.toString('pem') };
  }

  async function issueMdl(ds: { keyId: string; certificateId: string }, proofCount = 1) {
    const profileId = await profile({
      ...MDL_EXAMPLE.profile,
      issuerKeyId: ds.keyId,
      certificateId: ds.certificateId,
      validity: { validFor: '30d', expectedUpdate: '7d' },
    });
    const { credentials, hours } = await issue(profileId, { proofCount });
    return { encoded: credentials[0]!, credentials, hours };
  }

  it('mdoc batch: MSO signed, validFrom, validUntil and expectedUpdate on the hour, the same in both, period kept; @owf/mdoc verifies', async () => {
    const ds = await olderDocumentSigner();
    const { credentials, hours } = await issueMdl(ds, 2);
    assert.equal(credentials.length, 2);
    const ctx = owfContext(owf) as never;
    const times: number[][] = [];
    for (const encoded of credentials) {
      const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded);
      await parsed.verify({ trustedCertificates: [derOf(ds.iacaPem)] }, ctx);
      const { signed, validFrom, validUntil, expectedUpdate } = parsed.issuerAuth.mobileSecurityObject.validityInfo;
      assert.ok(hours.includes(signed.getTime() / 1000), `signed ${signed.toISOString()} is on the issuance hour`);
      assert.equal(validFrom.getTime(), signed.getTime());
      assert.equal(validUntil.getTime() - validFrom.getTime(), 30 * DAY);
      assert.equal(expectedUpdate!.getTime() - signed.getTime(), 7 * DAY);
      times.push([signed, validFrom, validUntil, expectedUpdate!].map((date) => date.getTime()));
    }
    assert.deepEqual(times[1], times[0], 'no precise time tells the mdocs of the batch apart');
  });

  it('mdoc with a Document Signer made this hour: signed is its notBefore, so readers still find the certificate valid then', async () => {
    const pki = await createMdocPki(admin, 'this hour');
    const { encoded, hours } = await issueMdl({ keyId: pki.keyId, certificateId: pki.certificateId });
    const parsed = owf.IssuerSigned.fromEncodedForOid4Vci(encoded);
    await parsed.verify({ trustedCertificates: [derOf(pki.iacaPem)] }, owfContext(owf) as never);
    const { signed, validUntil } = parsed.issuerAuth.mobileSecurityObject.validityInfo;
    const notBefore = Date.parse(pki.notBefore);
    assert.ok(hours.map((hour) => Math.max(hour * 1000, notBefore)).includes(signed.getTime()));
    assert.equal(validUntil.getTime() - signed.getTime(), 30 * DAY);
  });
});
