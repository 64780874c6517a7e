import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateCredentialConfigurations } from './credential-configuration.schema';

const pid = {
  format: 'dc+sd-jwt',
  scope: 'pid',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: {
    display: [{ name: 'PID', locale: 'en', logo: { uri: 'https://x/logo.png' }, background_image: { uri: 'https://x/bg.png' } }],
    claims: [{ path: ['given_name'], mandatory: true, display: [{ name: 'Given name', locale: 'en' }] }, { path: ['address', 'street'] }],
  },
  x_vendor_extension: { keep: true },
};

function errorsOf(input: unknown) {
  const result = validateCredentialConfigurations(input);
  assert.equal(result.valid, false);
  return result.valid ? [] : result.errors;
}

describe('validateCredentialConfigurations', () => {
  it('accepts the three formats and keeps unknown members', () => {
    const result = validateCredentialConfigurations({
      pid,
      degree: { format: 'jwt_vc_json', credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] } },
      mdl: {
        format: 'mso_mdoc',
        doctype: 'org.iso.18013.5.1.mDL',
        credential_signing_alg_values_supported: [-7, -9],
        credential_metadata: { claims: [{ path: ['org.iso.18013.5.1', 'given_name'] }] },
      },
    });
    assert.ok(result.valid);
    assert.deepEqual(result.value['pid']?.['x_vendor_extension'], { keep: true });
  });

  it('reports paths like credentialConfigurations.<id>.<member>', () => {
    assert.deepEqual(
      errorsOf({ pid: { ...pid, format: 'vc+sd-jwt' } }).map((e) => e.path),
      ['credentialConfigurations.pid.format'],
    );
  });

  it('requires credential_definition for jwt_vc_json and doctype for mso_mdoc', () => {
    assert.deepEqual(errorsOf({ w3c: { format: 'jwt_vc_json' } })[0]?.path, 'credentialConfigurations.w3c.credential_definition');
    assert.deepEqual(errorsOf({ mdl: { format: 'mso_mdoc' } })[0]?.path, 'credentialConfigurations.mdl.doctype');
  });

  it('requires proof_types_supported iff binding methods are present', () => {
    const { proof_types_supported: _p, ...noProofTypes } = pid;
    assert.equal(errorsOf({ pid: noProofTypes })[0]?.path, 'credentialConfigurations.pid.proof_types_supported');
    const { cryptographic_binding_methods_supported: _b, ...noBinding } = pid;
    assert.equal(errorsOf({ pid: noBinding })[0]?.path, 'credentialConfigurations.pid.cryptographic_binding_methods_supported');
  });

  it('refuses empty proof algorithms, other proof types and numeric algs outside mdoc', () => {
    const emptyAlgs = { ...pid, proof_types_supported: { jwt: { proof_signing_alg_values_supported: [] } } };
    assert.equal(
      errorsOf({ pid: emptyAlgs })[0]?.path,
      'credentialConfigurations.pid.proof_types_supported.jwt.proof_signing_alg_values_supported',
    );
    const diVp = { ...pid, proof_types_supported: { jwt: pid.proof_types_supported.jwt, di_vp: {} } };
    assert.equal(errorsOf({ pid: diVp }).length, 1);
    assert.equal(
      errorsOf({ pid: { ...pid, credential_signing_alg_values_supported: [-7] } })[0]?.path,
      'credentialConfigurations.pid.credential_signing_alg_values_supported.0',
    );
  });

  it('accepts the attestation proof type and key_attestations_required, and only enforceable binding methods', () => {
    const attested = {
      ...pid,
      cryptographic_binding_methods_supported: ['jwk', 'did:key', 'did:web'],
      proof_types_supported: {
        jwt: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: { key_storage: ['iso_18045_high'] } },
        attestation: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: {} },
      },
    };
    assert.ok(validateCredentialConfigurations({ pid: attested }).valid);
    assert.equal(
      errorsOf({ pid: { ...pid, cryptographic_binding_methods_supported: ['jwk', 'did:ion'] } })[0]?.path,
      'credentialConfigurations.pid.cryptographic_binding_methods_supported.1',
    );
    const emptyLevels = { jwt: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: { user_authentication: [] } } };
    assert.equal(
      errorsOf({ pid: { ...pid, proof_types_supported: emptyLevels } })[0]?.path,
      'credentialConfigurations.pid.proof_types_supported.jwt.key_attestations_required.user_authentication',
    );
    assert.equal(errorsOf({ pid: { ...pid, proof_types_supported: {} } })[0]?.path, 'credentialConfigurations.pid.proof_types_supported');
  });

  it('refuses the attestation proof type for a DID-only binding (attested keys are JWKs)', () => {
    const didOnly = {
      ...pid,
      cryptographic_binding_methods_supported: ['did:key'],
      proof_types_supported: { attestation: { proof_signing_alg_values_supported: ['ES256'] } },
    };
    assert.deepEqual(
      errorsOf({ pid: didOnly }).map((e) => e.path),
      ['credentialConfigurations.pid.proof_types_supported.attestation'],
    );
  });

  it('refuses duplicate claim paths and bad path pointers', () => {
    const dup = { ...pid, credential_metadata: { claims: [{ path: ['a', 0] }, { path: ['a', 0] }] } };
    assert.equal(errorsOf({ pid: dup })[0]?.path, 'credentialConfigurations.pid.credential_metadata.claims.1.path');
    for (const path of [[], ['a', -1], ['a', 1.5], [true]]) {
      assert.ok(errorsOf({ pid: { ...pid, credential_metadata: { claims: [{ path }] } } }).length > 0, JSON.stringify(path));
    }
    assert.ok(validateCredentialConfigurations({ pid: { ...pid, credential_metadata: { claims: [{ path: ['a', null, 0] }] } } }).valid);
  });

  it('requires display names and mdoc namespace paths', () => {
    assert.equal(
      errorsOf({ pid: { ...pid, credential_metadata: { display: [{ locale: 'en' }] } } })[0]?.path,
      'credentialConfigurations.pid.credential_metadata.display.0.name',
    );
    const mdl = { format: 'mso_mdoc', doctype: 'x', credential_metadata: { claims: [{ path: ['given_name'] }] } };
    assert.equal(errorsOf({ mdl })[0]?.path, 'credentialConfigurations.mdl.credential_metadata.claims.0.path');
  });

  it('refuses a non-object and an empty map', () => {
    assert.equal(errorsOf('nope')[0]?.path, 'credentialConfigurations');
    assert.equal(errorsOf({})[0]?.path, 'credentialConfigurations');
  });
});
