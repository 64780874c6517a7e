import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { AdminClient, derOf, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwt } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'x5c';
const base64Der = (pem: string) => Buffer.from(derOf(pem)).toString('base64');
const pemOf = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/**
 * Profiles with an X.509 chain (`x5Chain` PEMs or a kms-made `certificateId`) sign SD-JWT VC and W3C credentials with
 * an `x5c` header. Checked here without the platform's code: the header is exactly the chain, leaf first; each
 * certificate is signed by the next one, up to the CA the test holds; and the leaf's public key (read with jose from
 * the header, not from `/jwks`) verifies the credential, disclosures included.
 */
describe(`x5c chains on SD-JWT VC and W3C credentials (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let ci: string;
  let leafKeyId: string;
  let leafJwk: Record<string, unknown>;
  let caPem: string;
  /** Leaf (issued by the CA for the issuer key) and CA, as `x5Chain` takes them. */
  let twoLevels: string[];
  /** A kms-made self-signed certificate for the issuer key naming the credential issuer URL in its SAN. */
  let selfSigned: { certificateId: string; chain: string[] };

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    const key = async () => {
      const created = await admin.post('/api/v1/keys', { type: 'secp256r1' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { keyId: string; publicJwk: Record<string, unknown> };
    };
    const [leaf, ca] = [await key(), await key()];
    leafKeyId = leaf.keyId;
    leafJwk = leaf.publicJwk;
    const certificate = async (body: Record<string, unknown>) => {
      const created = await admin.post('/api/v1/certificates', body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { certificateId: string; pem: string; chain: string[] };
    };
    const root = await certificate({ profile: 'iaca', keyId: ca.keyId, subject: { commonName: 'x5c test CA', country: 'DE' } });
    const signer = await certificate({
      profile: 'document-signer',
      keyId: leaf.keyId,
      issuerCertificateId: root.certificateId,
      subject: { commonName: 'x5c test signer', country: 'DE' },
    });
    caPem = root.pem;
    twoLevels = [signer.pem, root.pem];
    selfSigned = await certificate({
      profile: 'self-signed',
      keyId: leaf.keyId,
      subject: { commonName: 'x5c test issuer', country: 'DE' },
      subjectAlternativeNames: { uris: [ci] },
    });
    const signing = {
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
    };
    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER_ID,
      credentialConfigurations: {
        identity: { format: 'dc+sd-jwt', cryptographic_binding_methods_supported: ['jwk'], ...signing },
        degree: {
          format: 'jwt_vc_json',
          credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
          cryptographic_binding_methods_supported: ['did:jwk'],
          ...signing,
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  async function issue(profile: Record<string, unknown>): Promise<string> {
    const created = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, { name: 'x5c', issuerKeyId: leafKeyId, ...profile });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const offer = await createOffer(admin, ISSUER_ID, created.body.profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    return credential!;
  }

  /**
   * The `x5c` of a credential's JWS equals `chain`, each certificate is signed by the next and the last by `anchor`
   * (the trust anchor the verifier holds; the last certificate itself when it is that anchor), and the leaf certifies
   * the issuer key. Returns the leaf's public key, read from the header.
   */
  async function leafKeyOf(jws: string, chain: string[], anchorPem: string) {
    const header = decodeProtectedHeader(jws);
    assert.deepEqual(header.x5c, chain.map(base64Der), 'x5c is the certificate chain, leaf first, standard base64 DER');
    const certificates = header.x5c!.map((b64) => new X509Certificate(Buffer.from(b64, 'base64')));
    const anchor = new X509Certificate(anchorPem);
    certificates.forEach((certificate, i) => {
      const issuer = certificates[i + 1] ?? anchor;
      // Names and signature (not checkIssued: OpenSSL also wants keyCertSign, which a self-signed leaf lacks).
      assert.equal(certificate.issuer, issuer.subject, `x5c[${i}] names its issuer`);
      assert.ok(certificate.verify(issuer.publicKey), `x5c[${i}] is signed by its issuer`);
    });
    const leafJwkInHeader = certificates[0]!.publicKey.export({ format: 'jwk' });
    assert.deepEqual([leafJwkInHeader.x, leafJwkInHeader.y], [leafJwk['x'], leafJwk['y']], 'the leaf certifies the issuer key');
    return importX509(pemOf(header.x5c![0]!), header.alg!);
  }

  const identity = { credentialConfigurationId: 'identity', credentialData: { given_name: 'Erika', family_name: 'Mustermann' } };
  const sd = { selectiveDisclosure: { fields: { family_name: { sd: true } } } };
  const degree = (w3cVersion: '1.1' | '2.0') => ({
    credentialConfigurationId: 'degree',
    w3cVersion,
    credentialData: {
      ...(w3cVersion === '1.1' ? { '@context': ['https://www.w3.org/2018/credentials/v1'] } : {}),
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      credentialSubject: { degree: { name: 'BSc' } },
    },
  });

  it('SD-JWT VC: x5c from x5Chain (leaf + CA) and from a certificateId; the leaf key verifies signature and disclosures', async () => {
    for (const [chainOf, chain, anchor] of [
      [{ x5Chain: twoLevels }, twoLevels, caPem],
      [{ certificateId: selfSigned.certificateId }, selfSigned.chain, selfSigned.chain[0]!],
    ] as const) {
      const credential = await issue({ ...identity, ...sd, ...chainOf });
      const leafKey = await leafKeyOf(credential.split('~')[0]!, chain, anchor);
      const { claims, payload } = await verifySdJwt(credential, leafKey, { iss: ci, typ: 'dc+sd-jwt' });
      assert.equal(claims['family_name'], 'Mustermann');
      assert.equal(payload['family_name'], undefined, 'selectively disclosed');
    }
  });

  it('W3C VCDM 1.1 JWT and VCDM 2.0 vc+jwt carry x5c; the leaf key verifies them', async () => {
    for (const [version, typ, chainOf, chain, anchor] of [
      ['1.1', 'JWT', { x5Chain: twoLevels }, twoLevels, caPem],
      ['2.0', 'vc+jwt', { certificateId: selfSigned.certificateId }, selfSigned.chain, selfSigned.chain[0]!],
    ] as const) {
      const credential = await issue({ ...degree(version), ...chainOf });
      const { payload } = await jwtVerify(credential, await leafKeyOf(credential, chain, anchor), { typ, issuer: ci });
      const vc = (version === '1.1' ? payload['vc'] : payload) as { credentialSubject: { degree: { name: string } } };
      assert.equal(vc.credentialSubject.degree.name, 'BSc', version);
    }
  });

  it('W3C VCDM 2.0 vc+sd-jwt carries x5c; the leaf key verifies signature and disclosures', async () => {
    const credential = await issue({
      ...degree('2.0'),
      x5Chain: twoLevels,
      selectiveDisclosure: { fields: { credentialSubject: { sd: false, children: { fields: { degree: { sd: true } } } } } },
    });
    const leafKey = await leafKeyOf(credential.split('~')[0]!, twoLevels, caPem);
    const { claims, payload } = await verifySdJwt(credential, leafKey, { iss: ci, typ: 'vc+sd-jwt' });
    assert.deepEqual(claims['credentialSubject'].degree, { name: 'BSc' });
    assert.equal(payload['credentialSubject'].degree, undefined);
  });
});
