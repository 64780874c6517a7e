import 'reflect-metadata'; // before @peculiar/x509
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { MdocRecord, SdJwtVcRecord, W3cCredentialRecord, W3cJwtVerifiableCredential } from '@credo-ts/core';
import { MDL_EXAMPLE } from '@issuer/credentials';
import {
  AdminClient,
  CredoHolder,
  derOf,
  publicMembers,
  startTarget,
  TestIdentityProvider,
  TestWallet,
  type CredoIssuance,
  type RunningPlatform,
} from '@issuer/testing';
import { createOffer } from './protocol-helpers';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'credo';
const REDIRECT = 'https://wallet.example/cb';
const MDL_NS = 'org.iso.18013.5.1';
type Jwk = Record<string, unknown>;
type Key = { keyId: string; publicJwk: Jwk };
const derBase64 = (certificatePem: string) => Buffer.from(derOf(certificatePem)).toString('base64');

/**
 * Issue 13: Credo (@credo-ts/core + @credo-ts/openid4vc 0.6.3), a second holder independent of the OWF wallet
 * library, completes issuance of every format and verifies what it gets before storing it: SD-JWT VC by `x5c` and
 * by a DID `iss`, W3C `jwt_vc_json` (VCDM 1.1 and 2.0) by the issuer DID, mdoc by its x5chain against the IACA.
 */
describe(`Credo as a second independent holder (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let idp: TestIdentityProvider;
  let ci: string;
  const holders: CredoHolder[] = [];
  const keys: Record<string, Key> = {};
  const pem: Record<'iaca' | 'externalCa', string> = { iaca: '', externalCa: '' };
  const certificateIds: Record<'ds', string> = { ds: '' };
  let externalLeafPem = '';

  before(async () => {
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    for (const [name, type] of [
      ['sd', 'secp256r1'],
      ['sdDid', 'secp256r1'],
      ['sdExternal', 'secp256r1'],
      ['w3c11', 'ed25519'],
      ['w3c20', 'secp256r1'],
      ['iaca', 'secp256r1'],
      ['ds', 'secp256r1'],
    ] as const) {
      const created = await admin.post('/api/v1/keys', { type });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      keys[name] = created.body;
    }
    idp = await TestIdentityProvider.start({
      clients: [{ clientId: 'issuer', clientSecret: 'issuer-secret-for-tests-0123456789', redirectUris: [`${ci}/idp-callback`] }],
      accounts: { alice: { given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10' } },
    });

    const certificate = async (body: Record<string, unknown>) => {
      const created = await admin.post('/api/v1/certificates', body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { certificateId: string; pem: string };
    };
    const iaca = await certificate({ profile: 'iaca', keyId: keys['iaca']!.keyId, subject: { commonName: 'IACA Credo', country: 'US' } });
    const ds = await certificate({
      profile: 'document-signer',
      keyId: keys['ds']!.keyId,
      issuerCertificateId: iaca.certificateId,
      subject: { commonName: 'DS Credo', country: 'US' },
    });
    pem.iaca = iaca.pem;
    certificateIds.ds = ds.certificateId;
    const external = await externalCertificate(keys['sdExternal']!.publicJwk, ci);
    pem.externalCa = external.caPem;
    externalLeafPem = external.leafPem;

    const sdJwtConfiguration = {
      format: 'dc+sd-jwt',
      scope: 'identity',
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
      credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
    };
    const degree = (bindingMethod: string) => ({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
      cryptographic_binding_methods_supported: [bindingMethod],
      credential_signing_alg_values_supported: ['EdDSA', 'ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
      credential_metadata: { display: [{ name: 'Degree', locale: 'en' }] },
    });
    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER_ID,
      display: [{ name: 'Credo interop issuer', locale: 'en' }],
      batchSize: 2,
      credentialConfigurations: {
        identity: sdJwtConfiguration,
        degree_did_jwk: degree('did:jwk'),
        degree_did_key: degree('did:key'),
        [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE.credentialConfiguration,
      },
      authorization: {
        redirectUris: [REDIRECT],
        identityProviders: {
          keycloak: {
            issuer: idp.issuer,
            clientId: 'issuer',
            clientSecret: 'issuer-secret-for-tests-0123456789',
            scopes: ['openid', 'profile'],
          },
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => {
    for (const holder of holders) await holder.shutdown();
    await idp?.stop();
    await platform?.stop();
  });

  async function holder(options: Parameters<typeof CredoHolder.create>[0] = {}) {
    const created = await CredoHolder.create(options);
    holders.push(created);
    return created;
  }
  async function profile(body: Record<string, unknown>): Promise<string> {
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.profileId;
  }
  const identityProfile = (body: Record<string, unknown>) =>
    profile({
      name: 'Identity',
      credentialConfigurationId: 'identity',
      credentialData: { given_name: 'Erika', family_name: 'Mustermann', address: { locality: 'Berlin', country: 'DE' } },
      selectiveDisclosure: {
        fields: { family_name: { sd: true }, address: { sd: false, children: { fields: { locality: { sd: true } } } } },
      },
      ...body,
    });
  const degreeProfile = (body: Record<string, unknown>) =>
    profile({
      name: 'Degree',
      credentialData: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'UniversityDegreeCredential'],
        credentialSubject: { degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' } },
      },
      ...body,
    });
  const dids = new Map<string, string>();
  const did = async (method: string, key: string) => {
    if (dids.has(`${method} ${key}`)) return dids.get(`${method} ${key}`)!;
    const created = await admin.post('/api/v1/dids', { method, keyId: keys[key]!.keyId });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    dids.set(`${method} ${key}`, created.body.did);
    return created.body.did as string;
  };
  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).body;
  /** The one record of an issuance, of the class expected, as stored by the holder. */
  function only<R>(issuance: CredoIssuance, recordClass: new (...args: never[]) => R): R {
    assert.equal(issuance.credentials.length, 1);
    assert.equal(issuance.records.length, 1);
    assert.ok(issuance.records[0] instanceof recordClass, `a ${recordClass.name}, not a ${issuance.records[0]!.constructor.name}`);
    return issuance.records[0] as R;
  }

  it('SD-JWT VC with the x5c chain of an external CA (leaf SAN URI = credential issuer), pre-authorized with tx_code', async () => {
    const profileId = await identityProfile({ issuerKeyId: keys['sdExternal']!.keyId, x5Chain: [externalLeafPem] });
    const offer = await createOffer(admin, ISSUER_ID, profileId, { txCode: { input_mode: 'numeric', length: 6 } });
    assert.match(offer.txCodeValue ?? '', /^\d{6}$/);
    const credo = await holder({ trustedCertificates: [pem.externalCa] });
    const issuance = await credo.preAuthorizedFlow(offer.credentialOffer, { txCode: offer.txCodeValue });
    const { firstCredential: vc } = only(issuance, SdJwtVcRecord);
    assert.equal(vc.header['typ'], 'dc+sd-jwt');
    assert.deepEqual(vc.header['x5c'], [derBase64(externalLeafPem)], 'the leaf only: the trust anchor stays out');
    assert.equal(vc.payload['iss'], ci);
    assert.equal(vc.prettyClaims['family_name'], 'Mustermann', 'disclosed');
    assert.equal(vc.payload['family_name'], undefined, 'selectively disclosable');
    assert.equal((vc.prettyClaims['address'] as Record<string, unknown>)['locality'], 'Berlin');
    assert.deepEqual(
      issuance.bindings.map((b) => b.method),
      ['jwk'],
      'the configuration advertises jwk only',
    );
    assert.equal(vc.holder?.method, 'jwk');
    assert.deepEqual(publicMembers(vc.payload['cnf'] as { jwk: Jwk }), publicMembers({ jwk: issuance.bindings[0]!.publicJwks[0]! }));
    assert.equal(vc.kmsKeyId, issuance.bindings[0]!.publicJwks[0]!.kid, 'Credo linked the credential to its key');
    assert.equal(issuance.tokenType, 'DPoP', 'Credo binds the token whenever the server offers DPoP');
    await credo.notify(issuance, 'credential_accepted');
    assert.equal((await session(offer.sessionId)).status, 'SUCCESSFUL');

    const stranger = await holder({ trustedCertificates: [pem.iaca] });
    const again = await createOffer(admin, ISSUER_ID, profileId);
    await assert.rejects(stranger.preAuthorizedFlow(again.credentialOffer), /No trusted certificate was found/, 'Credo checks the chain');
  });

  it('SD-JWT VC with the x5c of a platform self-signed certificate (certificateId) naming the issuer URL in its SAN', async () => {
    const created = await admin.post('/api/v1/certificates', {
      profile: 'self-signed',
      keyId: keys['sd']!.keyId,
      subject: { commonName: 'SD-JWT VC issuer', country: 'DE', organization: 'Credo interop' },
      subjectAlternativeNames: { uris: [ci] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const profileId = await identityProfile({ issuerKeyId: keys['sd']!.keyId, certificateId: created.body.certificateId });
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    const credo = await holder({ trustedCertificates: [created.body.pem] });
    const { firstCredential: vc } = only(await credo.preAuthorizedFlow(offer.credentialOffer), SdJwtVcRecord);
    assert.deepEqual(vc.header['x5c'], [derBase64(created.body.pem)]);
    assert.equal(vc.payload['iss'], ci);
  });

  it('SD-JWT VC with an issuer DID (did:key) as iss, no x5c', async () => {
    const issuerDid = await did('key', 'sdDid');
    const profileId = await identityProfile({ issuerKeyId: keys['sdDid']!.keyId, issuerDid });
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    const { firstCredential: vc } = only(await (await holder()).preAuthorizedFlow(offer.credentialOffer), SdJwtVcRecord);
    assert.equal(vc.payload['iss'], issuerDid);
    assert.equal(vc.header['x5c'], undefined);
    assert.ok(String(vc.header['kid']).startsWith('#') || String(vc.header['kid']).startsWith(`${issuerDid}#`));
  });

  it('W3C jwt_vc_json VCDM 1.1 from a did:jwk issuer, bound to a did:jwk the holder creates', async () => {
    const issuerDid = await did('jwk', 'w3c11');
    const profileId = await degreeProfile({ credentialConfigurationId: 'degree_did_jwk', issuerKeyId: keys['w3c11']!.keyId, issuerDid });
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    const issuance = await (await holder()).preAuthorizedFlow(offer.credentialOffer);
    const { firstCredential: vc } = only(issuance, W3cCredentialRecord);
    const [binding] = issuance.bindings;
    assert.equal(binding!.method, 'did:jwk');
    assert.equal(vc.issuerId, issuerDid);
    assert.deepEqual(vc.credentialSubjectIds, [binding!.didUrls[0]!.split('#')[0]], 'the subject is the holder DID');
    assert.ok(vc instanceof W3cJwtVerifiableCredential);
    const claim = vc.jwt.payload.additionalClaims['vc'] as { issuanceDate: string; credentialSubject: { degree: { name: string } } };
    assert.equal(claim.credentialSubject.degree.name, 'Bachelor of Science and Arts');
    assert.equal(Date.parse(claim.issuanceDate), vc.jwt.payload.nbf! * 1000, 'issuanceDate = nbf (VCDM 1.1 §6.3.1)');
    assert.equal((await session(offer.sessionId)).status, 'SUCCESSFUL');
  });

  it('W3C jwt_vc_json VCDM 1.1 bound to a did:key the holder creates (the configuration advertises did:key)', async () => {
    const issuerDid = await did('jwk', 'w3c11');
    const profileId = await degreeProfile({ credentialConfigurationId: 'degree_did_key', issuerKeyId: keys['w3c11']!.keyId, issuerDid });
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    const issuance = await (await holder()).preAuthorizedFlow(offer.credentialOffer);
    const { firstCredential: vc } = only(issuance, W3cCredentialRecord);
    assert.equal(issuance.bindings[0]!.method, 'did:key');
    assert.deepEqual(vc.credentialSubjectIds, [issuance.bindings[0]!.didUrls[0]!.split('#')[0]]);
  });

  it('W3C jwt_vc_json VCDM 2.0 (vc+jwt) from a did:key issuer: Credo 0.6.3 reads jwt_vc_json as VCDM 1.1 only; its VCDM 2.0 verifier accepts the credential', async () => {
    const issuerDid = await did('key', 'w3c20');
    const profileId = await degreeProfile({
      credentialConfigurationId: 'degree_did_jwk',
      issuerKeyId: keys['w3c20']!.keyId,
      issuerDid,
      w3cVersion: '2.0',
      credentialData: { type: ['UniversityDegreeCredential'], credentialSubject: { degree: { name: 'MSc' } } },
    });
    const credo = await holder();
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    await assert.rejects(credo.preAuthorizedFlow(offer.credentialOffer), /JWT does not contain a valid 'vc' claim/);
    const fetched = await new TestWallet().preAuthorizedFlow((await createOffer(admin, ISSUER_ID, profileId)).credentialOffer);
    const result = await credo.verifyW3cV2Jwt(fetched.credentials[0]!);
    assert.equal(result.isValid, true, JSON.stringify(result));
  });

  it('mso_mdoc (mDL), offer by value: verified against the trusted IACA, device key = the holder key', async () => {
    const profileId = await profile({ ...MDL_EXAMPLE.profile, issuerKeyId: keys['ds']!.keyId, certificateId: certificateIds.ds });
    const offer = await createOffer(admin, ISSUER_ID, profileId, { valueMode: 'BY_VALUE' });
    assert.match(offer.credentialOffer, /^openid-credential-offer:\/\/\?credential_offer=/);
    const issuance = await (await holder({ trustedCertificates: [pem.iaca] })).preAuthorizedFlow(offer.credentialOffer);
    const record = only(issuance, MdocRecord);
    const mdoc = record.firstCredential;
    assert.equal(mdoc.docType, 'org.iso.18013.5.1.mDL');
    assert.equal(issuance.bindings[0]!.method, 'jwk');
    assert.equal(mdoc.deviceKeyId, issuance.bindings[0]!.publicJwks[0]!.kid);
    assert.equal(mdoc.issuerSignedNamespaces[MDL_NS]!['family_name'], MDL_EXAMPLE.profile.credentialData[MDL_NS]!['family_name']);

    const stranger = await holder({ trustedCertificates: [pem.externalCa] });
    const again = await createOffer(admin, ISSUER_ID, profileId);
    await assert.rejects(stranger.preAuthorizedFlow(again.credentialOffer), /Failed to validate mdoc/, 'Credo checks the IACA');
  });

  it('a batch: Credo asks for 2 SD-JWT VCs with 2 keys (issuer batch_size 2) and gets one per key', async () => {
    const profileId = await identityProfile({ issuerKeyId: keys['sdExternal']!.keyId, x5Chain: [externalLeafPem] });
    const offer = await createOffer(admin, ISSUER_ID, profileId);
    const credo = await holder({ trustedCertificates: [pem.externalCa], batchSize: 2 });
    const issuance = await credo.preAuthorizedFlow(offer.credentialOffer);
    const record = only(issuance, SdJwtVcRecord);
    assert.equal(record.credentialInstances.length, 2);
    const bound = record.credentialInstances.map((i) => i.kmsKeyId).sort();
    assert.deepEqual(bound, issuance.bindings[0]!.publicJwks.map((j) => j.kid).sort(), 'each credential is bound to one of the keys');
    assert.equal((await session(offer.sessionId)).credentials.length, 2);
  });

  it('authorization code flow: PAR + PKCE + DPoP, login at the identity provider, its claims in the SD-JWT VC', async () => {
    const profileId = await identityProfile({
      issuerKeyId: keys['sdExternal']!.keyId,
      x5Chain: [externalLeafPem],
      authentication: { method: 'EXTERNAL_IDP', identityProvider: 'keycloak' },
      idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name' },
    });
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profileId}/offers`, { authMethod: 'AUTHORIZED' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const credo = await holder({ trustedCertificates: [pem.externalCa] });
    const visited: string[] = [];
    const issuance = await credo.authorizationCodeFlow(created.body.credentialOffer, {
      clientId: 'credo-wallet',
      redirectUri: REDIRECT,
      login: (url) => (visited.push(url), idp.followLogin(url, { account: 'alice', stopAt: REDIRECT })),
    });
    assert.match(visited[0]!, /[?&]request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A/, 'Credo pushed the request (PAR)');
    assert.equal(issuance.tokenType, 'DPoP');
    const { firstCredential: vc } = only(issuance, SdJwtVcRecord);
    assert.equal(vc.prettyClaims['given_name'], 'Ada');
    assert.equal(vc.prettyClaims['family_name'], 'Lovelace');
    assert.equal((await session(created.body.sessionId)).status, 'SUCCESSFUL');
  });
});

/** A CA of the test's own and a leaf certificate it issues for the kms key, with the credential issuer URL as SAN URI. */
async function externalCertificate(publicJwk: Record<string, unknown>, sanUri: string) {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 30 * 86_400_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Credo interop test CA, C=DE',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const { kty, crv, x, y } = publicJwk as Record<string, string>;
  const leafKey = await webcrypto.subtle.importKey('jwk', { kty, crv, x, y }, algorithm, true, ['verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=Credo interop SD-JWT VC issuer, C=DE',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: sanUri }]),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      await x509.SubjectKeyIdentifierExtension.create(leafKey),
    ],
  });
  return { caPem: ca.toString('pem'), leafPem: leaf.toString('pem') };
}
