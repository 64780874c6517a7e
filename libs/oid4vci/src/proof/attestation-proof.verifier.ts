import { sanitizeErrorDescription } from '../errors/oid4vci.error';
import { checkBindingMethod } from './binding-method';
import { didJwkFromJwk } from './holder-jwk.util';
import {
  verifyKeyAttestation,
  type KeyAttestationCallbacks,
  type KeyAttestationOptions,
  type VerifiedKeyAttestation,
} from './key-attestation.verifier';

export interface AttestationProofOptions extends Omit<KeyAttestationOptions, 'use'> {
  /** `cryptographic_binding_methods_supported`: attested keys are JWKs, so `jwk`, `cose_key` or `did:jwk` must be listed. */
  bindingMethods?: readonly string[];
  /** At most this many attested keys (one credential each): the advertised `batch_size`, default 1. */
  maxKeys?: number;
}

export type AttestationProofResult =
  | { verified: true; holders: { jwk: Record<string, unknown>; did: string }[]; nonce: string; keyAttestation: VerifiedKeyAttestation }
  | { verified: false; error: 'invalid_proof'; description: string };

/**
 * Verifies an `attestation` proof (OID4VCI 1.0 Appendix F.3): one key attestation JWT, trusted and fresh, whose
 * `nonce` is a c_nonce and whose `alg` is in the proof type's list. There is no proof of possession: the trusted
 * attester vouches for the keys. One holder per attested key (the issuer SHOULD issue one credential each), at
 * most `maxKeys`. Security: the caller must check and consume the returned `nonce`.
 */
export async function verifyAttestationProof(
  jwt: string,
  options: AttestationProofOptions,
  callbacks: KeyAttestationCallbacks,
): Promise<AttestationProofResult> {
  const refused = checkBindingMethod(options.bindingMethods, { kind: 'jwk' });
  if (refused) return { verified: false, error: 'invalid_proof', description: sanitizeErrorDescription(refused) };
  const attestation = await verifyKeyAttestation(jwt, { ...options, use: 'attestation', requireNonce: true }, callbacks);
  if (!attestation.verified) return attestation;
  const maxKeys = options.maxKeys ?? 1;
  if (attestation.attestedKeys.length > maxKeys) {
    return {
      verified: false,
      error: 'invalid_proof',
      description: `the key attestation attests ${attestation.attestedKeys.length} keys; at most ${maxKeys} credentials are issued per request`,
    };
  }
  return {
    verified: true,
    holders: attestation.attestedKeys.map((jwk) => ({ jwk, did: didJwkFromJwk(jwk) })),
    nonce: attestation.nonce as string,
    keyAttestation: attestation,
  };
}
