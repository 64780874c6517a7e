import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyJWS } from 'did-jwt';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { AdminClient, startTarget, TestWallet, type RunningPlatform, derOf, owfContext, type Owf } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER = 'matrix';
const JOSE_ALGS = [
  ['ed25519', 'EdDSA'],
  ['secp256k1', 'ES256K'],
  ['secp256r1', 'ES256'],
  ['secp384r1', 'ES384'],
  ['rsa', 'RS256'],
  ['rsa', 'PS256'],
] as const;
/** Each JOSE format variant: the configuration, the profile fields that select it, and the JOSE `typ` it must carry. */
const VARIANTS = [
  { name: 'SD-JWT VC', configuration: 'sd', profile: { selectiveDisclosure: { fields: { given_name: { sd: true } } } }, typ: 'dc+sd-jwt' },
  { name: 'VCDM 1.1 JWT', configuration: 'w3c', profile: {}, typ: 'JWT' },
  { name: 'VCDM 2.0 vc+jwt', configuration: 'w3c', profile: { w3cVersion: '2.0' }, typ: 'vc+jwt' },
  {
    name: 'VCDM 2.0 vc+sd-jwt',
    configuration: 'w3c',
    profile: {
      w3cVersion: '2.0',
      selectiveDisclosure: { fields: { credentialSubject: { sd: false, children: { fields: { given_name: { sd: true } } } } } },
    },
    typ: 'vc+sd-jwt',
  },
];

/**
 * Verifies the issuer signature of a JWS independently: jose for every algorithm it has, did-jwt for ES256K
 * (jose 6 has no secp256k1).
 */
async function verifyIssuerSignature(jws: string, jwk: JWK, alg: string): Promise<void> {
  if (alg === 'ES256K') {
    verifyJWS(jws, { id: 'issuer#key', type: 'JsonWebKey2020', controller: 'issuer', publicKeyJwk: jwk as never });
    return;
  }
  await jwtVerify(jws, await importJWK(jwk, alg), { algorithms: [alg] });
}

describe(`every algorithm × JOSE format, and mdoc algorithms, verified independently (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const allAlgs = JOSE_ALGS.map(([, alg]) => alg);

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const binding = {
      cryptographic_binding_methods_supported: ['jwk', 'did:jwk'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
    };
    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER,
      credentialConfigurations: {
        sd: { format: 'dc+sd-jwt', credential_signing_alg_values_supported: allAlgs, ...binding },
        w3c: {
          format: 'jwt_vc_json',
          credential_definition: { type: ['VerifiableCredential', 'MatrixCredential'] },
          credential_signing_alg_values_supported: allAlgs,
          ...binding,
        },
        mdoc: {
          format: 'mso_mdoc',
          doctype: 'org.example.matrix.1',
          credential_signing_alg_values_supported: [-7, -35, -8],
          cryptographic_binding_methods_supported: ['cose_key'],
          proof_types_supported: binding.proof_types_supported,
        },
      },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
  });
  after(async () => platform?.stop());

  async function issueWith(profile: Record<string, unknown>): Promise<string> {
    const created = await admin.post(`/api/v1/issuers/${ISSUER}/profiles`, { name: 'matrix', ...profile });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const offer = await createOffer(admin, ISSUER, created.body.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    return result.credentials[0]!;
  }

  for (const [type, alg] of JOSE_ALGS) {
    it(`${alg} (${type}) signs every JOSE format`, async () => {
      const key = await admin.post('/api/v1/keys', { type, alg });
      assert.equal(key.status, 201, JSON.stringify(key.body));
      for (const variant of VARIANTS) {
        const credentialData = variant.configuration === 'sd' ? { given_name: 'Erika' } : { credentialSubject: { given_name: 'Erika' } };
        const credential = await issueWith({
          credentialConfigurationId: variant.configuration,
          issuerKeyId: key.body.keyId,
          credentialData,
          ...variant.profile,
        });
        const jws = credential.split('~')[0]!;
        const header = decodeProtectedHeader(jws);
        assert.deepEqual([header.alg, header.typ], [alg, variant.typ], variant.name);
        assert.equal(header.kid, key.body.publicJwk.kid, `${variant.name}: kid names the key in /jwks`);
        await verifyIssuerSignature(jws, key.body.publicJwk, alg);
        if (variant.typ.endsWith('sd-jwt')) assert.ok(credential.split('~').length > 2, `${variant.name} carries a disclosure`);
      }
    });
  }

  it('mdoc signs with ES256, ES384 and EdDSA Document Signer keys, verified by @owf/mdoc; secp256k1 and RSA are refused', async () => {
    const owf = (await import('@owf/mdoc')) as Owf;
    const iacaKey = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    const iaca = await admin.post('/api/v1/certificates', {
      profile: 'iaca',
      keyId: iacaKey.body.keyId,
      subject: { commonName: 'Matrix IACA', country: 'NL' },
    });
    assert.equal(iaca.status, 201, JSON.stringify(iaca.body));
    for (const type of ['secp256r1', 'secp384r1', 'ed25519']) {
      const key = await admin.post('/api/v1/keys', { type });
      const ds = await admin.post('/api/v1/certificates', {
        profile: 'document-signer',
        keyId: key.body.keyId,
        issuerCertificateId: iaca.body.certificateId,
        subject: { commonName: `Matrix DS ${type}`, country: 'NL' },
      });
      assert.equal(ds.status, 201, JSON.stringify(ds.body));
      const encoded = await issueWith({
        credentialConfigurationId: 'mdoc',
        issuerKeyId: key.body.keyId,
        certificateId: ds.body.certificateId,
        credentialData: { 'org.example.matrix.1': { given_name: 'Erika', issuing_country: 'NL' } },
      });
      await owf.Holder.verifyIssuerSigned(
        { issuerSigned: encoded, trustedCertificates: [derOf(iaca.body.pem)] } as never,
        owfContext(owf) as never,
      );
      const alg = owf.IssuerSigned.fromEncodedForOid4Vci(encoded).issuerAuth.signatureAlgorithmName;
      assert.equal(alg, { secp256r1: 'ES256', secp384r1: 'ES384', ed25519: 'EdDSA' }[type]);
    }
    for (const type of ['secp256k1', 'rsa']) {
      const key = await admin.post('/api/v1/keys', { type });
      const refused = await admin.post(`/api/v1/issuers/${ISSUER}/profiles`, {
        name: 'matrix',
        credentialConfigurationId: 'mdoc',
        issuerKeyId: key.body.keyId,
        x5Chain: [iaca.body.pem],
        credentialData: { 'org.example.matrix.1': { given_name: 'Erika' } },
      });
      assert.equal(refused.status, 400, type);
      assert.ok(
        refused.body.errors.some((e: { path: string }) => e.path === 'issuerKeyId'),
        JSON.stringify(refused.body.errors),
      );
    }
  });
});
