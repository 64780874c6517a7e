import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredentialRequest } from './credential-request.parser';

describe('parseCredentialRequest', () => {
  it('parses a configuration-id request with proofs and ignores unknown fields', () => {
    assert.deepEqual(parseCredentialRequest({ credential_configuration_id: 'pid', proofs: { jwt: ['a.b.c'] }, random_field: 1 }), {
      credentialConfigurationId: 'pid',
      proofs: { jwt: ['a.b.c'] },
    });
  });

  it('parses an identifier request without proofs', () => {
    assert.deepEqual(parseCredentialRequest({ credential_identifier: 'pid-1' }), { credentialIdentifier: 'pid-1' });
  });

  it('parses the attestation proof type (one key attestation, whatever maxProofs is)', () => {
    assert.deepEqual(parseCredentialRequest({ credential_configuration_id: 'pid', proofs: { attestation: ['a.b.c'] } }, { maxProofs: 3 }), {
      credentialConfigurationId: 'pid',
      proofs: { attestation: ['a.b.c'] },
    });
  });

  it('accepts up to maxProofs proofs', () => {
    assert.equal(
      parseCredentialRequest({ credential_identifier: 'x', proofs: { jwt: ['a', 'b', 'c'] } }, { maxProofs: 3 }).proofs?.jwt?.length,
      3,
    );
  });

  const cases: [string, unknown, string, RegExp?][] = [
    ['a non-object body', 'text', 'invalid_credential_request'],
    ['an array body', [], 'invalid_credential_request'],
    ['both ids', { credential_identifier: 'a', credential_configuration_id: 'b' }, 'invalid_credential_request', /exactly one/],
    ['neither id', { proofs: { jwt: ['a'] } }, 'invalid_credential_request', /exactly one/],
    ['a non-string id', { credential_configuration_id: 7 }, 'invalid_credential_request'],
    [
      'the legacy proof',
      { credential_configuration_id: 'pid', proof: { proof_type: 'jwt', jwt: 'a.b.c' } },
      'invalid_credential_request',
      /proofs/,
    ],
    ['empty proofs', { credential_configuration_id: 'pid', proofs: {} }, 'invalid_credential_request'],
    ['an empty jwt array', { credential_configuration_id: 'pid', proofs: { jwt: [] } }, 'invalid_credential_request'],
    ['a non-string proof', { credential_configuration_id: 'pid', proofs: { jwt: [{}] } }, 'invalid_credential_request'],
    ['two proof types', { credential_configuration_id: 'pid', proofs: { jwt: ['a'], attestation: ['b'] } }, 'invalid_credential_request'],
    ['proofs as array', { credential_configuration_id: 'pid', proofs: [{ jwt: 'a' }] }, 'invalid_credential_request'],
    ['too many proofs', { credential_configuration_id: 'pid', proofs: { jwt: ['a', 'b'] } }, 'invalid_credential_request', /at most 1/],
    ['an unsupported proof type', { credential_configuration_id: 'pid', proofs: { di_vp: [{}] } }, 'invalid_proof', /jwt or attestation/],
    [
      'two key attestations',
      { credential_configuration_id: 'pid', proofs: { attestation: ['a', 'b'] } },
      'invalid_credential_request',
      /exactly one/,
    ],
    ['an empty attestation array', { credential_configuration_id: 'pid', proofs: { attestation: [] } }, 'invalid_credential_request'],
    [
      'response encryption',
      { credential_configuration_id: 'pid', credential_response_encryption: { enc: 'A128GCM' } },
      'invalid_encryption_parameters',
    ],
  ];
  for (const [name, body, error, description] of cases) {
    it(`rejects ${name} with ${error}`, () => {
      assert.throws(
        () => parseCredentialRequest(body),
        (e: unknown) => {
          const err = e as { error: string; status: number; message: string };
          assert.equal(err.error, error);
          assert.equal(err.status, 400);
          if (description) assert.match(err.message, description);
          assert.doesNotMatch(err.message, /["\\]/);
          return true;
        },
      );
    });
  }
});
