import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAttestationIssuer,
  newKey,
  signKeyAttestation,
  verifySignature,
  type AttestationIssuer,
} from '../test-support/key-attestation.helper';
import { verifyAttestationProof, type AttestationProofOptions } from './attestation-proof.verifier';
import { didJwkFromJwk } from './holder-jwk.util';

const NOW = 1_760_000_000;

describe('verifyAttestationProof', () => {
  let attester: AttestationIssuer;
  let options: AttestationProofOptions;
  before(async () => {
    attester = await createAttestationIssuer(NOW * 1000);
    options = {
      nowSeconds: NOW,
      supportedAlgs: ['ES256'],
      trust: { trustedCertificates: [attester.rootPem] },
      bindingMethods: ['jwk'],
      maxKeys: 3,
    };
  });

  const attestation = async (keys: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
    signKeyAttestation(attester.leafKey, { x5c: attester.x5c }, { iat: NOW, nonce: 'c-1', attested_keys: keys, ...extra });

  it('binds one holder per attested key (exp optional) and returns the nonce', async () => {
    const keys = [(await newKey()).publicJwk, (await newKey('EdDSA')).publicJwk];
    const result = await verifyAttestationProof(await attestation(keys), options, { verifySignature });
    assert.ok(result.verified, JSON.stringify(result));
    assert.equal(result.nonce, 'c-1');
    assert.deepEqual(
      result.holders,
      keys.map((jwk) => ({ jwk, did: didJwkFromJwk(jwk) })),
    );
  });

  it('refuses more keys than the batch size, a missing nonce, a DID-only binding and an untrusted attester', async () => {
    const key = (await newKey()).publicJwk;
    const expectRefused = async (jwt: string, pattern: RegExp, extra: Partial<AttestationProofOptions> = {}) => {
      const result = await verifyAttestationProof(jwt, { ...options, ...extra }, { verifySignature });
      assert.equal(result.verified, false);
      if (!result.verified) assert.match(result.description, pattern);
    };
    await expectRefused(await attestation([key, key, key, key]), /attests 4 keys; at most 3/);
    await expectRefused(await attestation([key, key]), /attests 2 keys; at most 1 /, { maxKeys: undefined });
    await expectRefused(await attestation([key], { nonce: undefined }), /nonce is required/, { requireNonce: false });
    await expectRefused(await attestation([key]), /binds to did:key/, { bindingMethods: ['did:key'] });
    await expectRefused(await signKeyAttestation(await newKey(), {}, { iat: NOW, nonce: 'c', attested_keys: [key] }), /trusted/);
    await expectRefused(await attestation([key], { user_authentication: ['iso_18045_basic'] }), /user_authentication must include/, {
      required: { user_authentication: ['iso_18045_high'] },
    });
  });
});
