import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyDto } from '@issuer/contracts';
import { checkFormatRules } from './profile-format.rules';
import type { ProfileBody } from './profile.schema';

const keyOf = (type: KeyDto['type'], alg: string): KeyDto => ({
  keyId: `k-${type}`,
  name: null,
  type,
  backend: 'local',
  alg,
  publicJwk: { kty: 'EC', kid: 'k' },
  createdAt: '2026-01-01T00:00:00Z',
});
const base = { name: 'p', credentialConfigurationId: 'c', issuerKeyId: 'k', credentialData: {} } as Omit<ProfileBody, 'id'>;
const mdoc = { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL', credential_signing_alg_values_supported: [-7, -35, -8] };
const pathsOf = (profile: Partial<ProfileBody>, configuration: Record<string, unknown>, key: KeyDto) =>
  checkFormatRules({ ...base, ...profile }, configuration, key, (f) => f).map((e) => e.path);

describe('checkFormatRules', () => {
  it('refuses RSA and secp256k1 keys for mso_mdoc and accepts P-256, P-384 and Ed25519 against COSE algorithm ids', () => {
    const chain = { x5Chain: ['-----BEGIN CERTIFICATE-----'] };
    assert.deepEqual(pathsOf(chain, mdoc, keyOf('rsa', 'RS256')), ['issuerKeyId', 'issuerKeyId']);
    assert.deepEqual(pathsOf(chain, mdoc, keyOf('secp256k1', 'ES256K')), ['issuerKeyId', 'issuerKeyId']);
    for (const [type, alg] of [
      ['secp256r1', 'ES256'],
      ['secp384r1', 'ES384'],
      ['ed25519', 'EdDSA'],
    ] as const) {
      assert.deepEqual(pathsOf(chain, mdoc, keyOf(type, alg)), [], type);
    }
    assert.deepEqual(pathsOf(chain, { ...mdoc, credential_signing_alg_values_supported: [-7] }, keyOf('secp384r1', 'ES384')), [
      'issuerKeyId',
    ]);
  });

  it('requires an X.509 chain for mso_mdoc and refuses an SD map there', () => {
    assert.deepEqual(pathsOf({ selectiveDisclosure: { fields: {} } }, mdoc, keyOf('secp256r1', 'ES256')), [
      'selectiveDisclosure',
      'x5Chain',
    ]);
    assert.deepEqual(pathsOf({ certificateId: '00000000-0000-4000-8000-000000000000' }, mdoc, keyOf('secp256r1', 'ES256')), []);
    const flat = { x5Chain: ['pem'], credentialData: { given_name: 'Erika', 'org.iso.18013.5.1': { family_name: 'M' } } };
    assert.deepEqual(pathsOf(flat, mdoc, keyOf('secp256r1', 'ES256')), ['credentialData.given_name']);
  });

  it('refuses issuerDid for mso_mdoc (the DS certificate identifies the issuer) and keeps it for the JOSE formats', () => {
    const did = { x5Chain: ['pem'], issuerDid: 'did:jwk:eyJ9' };
    assert.deepEqual(pathsOf(did, mdoc, keyOf('secp256r1', 'ES256')), ['issuerDid']);
    assert.deepEqual(pathsOf(did, { format: 'dc+sd-jwt' }, keyOf('secp256r1', 'ES256')), []);
    assert.deepEqual(pathsOf(did, { format: 'jwt_vc_json' }, keyOf('secp256r1', 'ES256')), []);
  });

  it('keeps w3cVersion to jwt_vc_json, mdoc mappings to mso_mdoc, and W3C selective disclosure to VCDM 2.0', () => {
    const w3c = { format: 'jwt_vc_json', credential_definition: { type: ['VerifiableCredential'] } };
    const sdJwt = { format: 'dc+sd-jwt' };
    const p256 = keyOf('secp256r1', 'ES256');
    assert.deepEqual(pathsOf({ w3cVersion: '2.0' }, sdJwt, p256), ['w3cVersion']);
    assert.deepEqual(pathsOf({ mDocNameSpacesDataMappingConfig: {} }, w3c, p256), ['mDocNameSpacesDataMappingConfig']);
    assert.deepEqual(pathsOf({ selectiveDisclosure: { fields: {} } }, w3c, p256), ['selectiveDisclosure']);
    assert.deepEqual(pathsOf({ selectiveDisclosure: { fields: {} }, w3cVersion: '2.0' }, w3c, p256), []);
  });

  it('checks credential_signing_alg_values_supported against the key algorithm for JOSE formats', () => {
    const w3c = { format: 'jwt_vc_json', credential_signing_alg_values_supported: ['ES256K', 'EdDSA'] };
    assert.deepEqual(pathsOf({}, w3c, keyOf('secp256k1', 'ES256K')), []);
    assert.deepEqual(pathsOf({}, w3c, keyOf('rsa', 'RS256')), ['issuerKeyId']);
  });
});
