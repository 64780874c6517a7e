import assert from 'node:assert/strict';
import { importJWK, type CryptoKey } from 'jose';
import type { AdminClient } from '@issuer/testing';

/** Admin API set-up the end-to-end suites share: credential configurations, issuers, keys with a did:jwk, mdoc PKI. */

const ES256_PROOFS = { jwt: { proof_signing_alg_values_supported: ['ES256'] } };

/** An SD-JWT VC configuration bound to a holder `jwk`, proofs in ES256. */
export const PID_SD_JWT = {
  format: 'dc+sd-jwt',
  cryptographic_binding_methods_supported: ['jwk'],
  proof_types_supported: ES256_PROOFS,
  credential_metadata: { display: [{ name: 'PID' }] },
};

/** A W3C VCDM JWT configuration bound to a holder `did:jwk`, proofs in ES256. */
export const DEGREE_JWT_VC = {
  format: 'jwt_vc_json',
  credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
  cryptographic_binding_methods_supported: ['did:jwk'],
  proof_types_supported: ES256_PROOFS,
};

/** DEGREE_JWT_VC that also names ES256 as its signing algorithm. */
export const DEGREE_JWT_VC_ES256 = { ...DEGREE_JWT_VC, credential_signing_alg_values_supported: ['ES256'] };

/** Creates an issuer (admin API §3) and fails the test with the answer when it is not created. */
export async function createIssuer(admin: AdminClient, body: { id: string } & Record<string, unknown>): Promise<void> {
  const created = await admin.post('/api/v1/issuers', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
}

/**
 * A new P-256 kms key and its did:jwk. `didKey` is read from the DID itself (did:jwk §2.3), not from the platform,
 * so a verifier using it checks the DID the platform wrote.
 */
export async function createDidJwkKey(
  admin: AdminClient,
): Promise<{ keyId: string; publicJwk: Record<string, unknown>; did: string; didKey: CryptoKey }> {
  const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const did = await admin.post('/api/v1/dids', { method: 'jwk', keyId: key.body.keyId });
  assert.equal(did.status, 201, JSON.stringify(did.body));
  const jwk = JSON.parse(Buffer.from(String(did.body.did).slice('did:jwk:'.length), 'base64url').toString());
  return { keyId: key.body.keyId, publicJwk: key.body.publicJwk, did: did.body.did, didKey: (await importJWK(jwk, 'ES256')) as CryptoKey };
}

/**
 * An IACA and a Document Signer certificate under it (ISO 18013-5 Annex B), each on a new P-256 kms key:
 * `IACA <name>` and `DS <name>`. The DS key and certificate sign mdocs (`notBefore` is the DS certificate's); the IACA
 * PEM is the verifier's trust anchor.
 */
export async function createMdocPki(
  admin: AdminClient,
  name: string,
  country = 'US',
): Promise<{ iacaPem: string; keyId: string; certificateId: string; notBefore: string }> {
  const [iacaKey, dsKey] = await Promise.all([
    admin.post('/api/v1/keys', { type: 'secp256r1' }),
    admin.post('/api/v1/keys', { type: 'secp256r1' }),
  ]);
  const iaca = await admin.post('/api/v1/certificates', {
    profile: 'iaca',
    keyId: iacaKey.body.keyId,
    subject: { commonName: `IACA ${name}`, country },
  });
  assert.equal(iaca.status, 201, JSON.stringify(iaca.body));
  const ds = await admin.post('/api/v1/certificates', {
    profile: 'document-signer',
    keyId: dsKey.body.keyId,
    issuerCertificateId: iaca.body.certificateId,
    subject: { commonName: `DS ${name}`, country },
  });
  assert.equal(ds.status, 201, JSON.stringify(ds.body));
  return { iacaPem: iaca.body.pem, keyId: dsKey.body.keyId, certificateId: ds.body.certificateId, notBefore: ds.body.notBefore };
}
