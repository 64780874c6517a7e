import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { keyAttestationTrustSchema } from './key-attestation-trust.schema';
import { checkKeyAttestationTrust, keyAttestationDemands, keyAttestationTrustFor } from './key-attestation-trust.rules';

const publicJwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
const jwtRequired = {
  format: 'dc+sd-jwt',
  cryptographic_binding_methods_supported: ['jwk'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'], key_attestations_required: {} } },
};
const attestationType = {
  format: 'dc+sd-jwt',
  cryptographic_binding_methods_supported: ['jwk'],
  proof_types_supported: { attestation: { proof_signing_alg_values_supported: ['ES256'] } },
};
const plain = {
  format: 'dc+sd-jwt',
  cryptographic_binding_methods_supported: ['jwk'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
};

const trust = (value: unknown) => keyAttestationTrustSchema.parse(value);

describe('keyAttestationTrust rules', () => {
  it('names where a configuration demands key attestations', () => {
    assert.deepEqual(keyAttestationDemands(jwtRequired), ['proof_types_supported.jwt.key_attestations_required']);
    assert.deepEqual(keyAttestationDemands(attestationType), ['proof_types_supported.attestation']);
    assert.deepEqual(keyAttestationDemands(plain), []);
  });

  it('refuses configurations that demand attestations nobody is trusted for', () => {
    const errors = checkKeyAttestationTrust({ credentialConfigurations: { pid: jwtRequired, mdl: attestationType, other: plain } });
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'credentialConfigurations.pid.proof_types_supported.jwt.key_attestations_required',
        'credentialConfigurations.mdl.proof_types_supported.attestation',
      ],
    );
  });

  it('accepts issuer-wide trust, and per-configuration lists that replace it', () => {
    const issuer = {
      keyAttestationTrust: trust({ trustedKeys: [publicJwk], credentialConfigurations: { mdl: { trustedCertificates: [] } } }),
      credentialConfigurations: { pid: jwtRequired, mdl: attestationType },
    };
    assert.deepEqual(keyAttestationTrustFor(issuer, 'pid').trustedKeys, [publicJwk]);
    assert.deepEqual(keyAttestationTrustFor(issuer, 'mdl'), { trustedKeys: [], trustedCertificates: [] });
    assert.deepEqual(
      checkKeyAttestationTrust(issuer).map((e) => e.path),
      ['credentialConfigurations.mdl.proof_types_supported.attestation'],
    );
    assert.deepEqual(
      checkKeyAttestationTrust({ ...issuer, credentialConfigurations: { pid: jwtRequired } }).map((e) => e.path),
      ['keyAttestationTrust.credentialConfigurations.mdl'],
    );
  });

  it('refuses private or unusable keys and certificates that are not PEM', () => {
    const errors = checkKeyAttestationTrust({
      keyAttestationTrust: trust({
        trustedKeys: [
          { ...publicJwk, d: 'AAAA' },
          { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' },
          { kty: 'oct', k: 'AAAA' },
        ],
        trustedCertificates: ['-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----'],
      }),
      credentialConfigurations: { pid: jwtRequired },
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'keyAttestationTrust.trustedKeys.0',
        'keyAttestationTrust.trustedKeys.1',
        'keyAttestationTrust.trustedKeys.2',
        'keyAttestationTrust.trustedCertificates.0',
      ],
    );
  });
});
