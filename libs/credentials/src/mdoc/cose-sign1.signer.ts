import { CredentialError } from '../shared/credential-error';
import { coseAlgorithmOf, MdocSigningAlgorithm, signatureLengthOf } from './mdoc-algorithms';
import { CborValue, encodeCbor } from './mdoc-cbor.codec';
import { MdocCallbacks } from './mdoc.types';

// RFC 9052 §3.1 header labels; x5chain is RFC 9360 §2.
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;

/**
 * Signs MobileSecurityObjectBytes as an untagged COSE_Sign1 (RFC 9052 §4.2), the `issuerAuth` of ISO 18013-5
 * §9.1.2.4: protected {1: alg}, unprotected {33: x5chain}, the MSO as embedded payload. x5chain is a single bstr
 * for one certificate and an array otherwise (RFC 9360 §2). The signature comes from the callback (kms), which
 * must return raw r‖s for ECDSA: a DER signature has the wrong length and is refused here instead of producing
 * a credential no reader accepts.
 * @throws CredentialError `SIGNING_FAILED`
 */
export async function signIssuerAuth(
  msoBytes: Uint8Array,
  alg: MdocSigningAlgorithm,
  x5chain: Uint8Array[],
  callbacks: MdocCallbacks,
): Promise<CborValue[]> {
  const protectedHeader = encodeCbor(new Map([[HEADER_ALG, coseAlgorithmOf(alg)]]));
  const unprotectedHeader = new Map<number, CborValue>([[HEADER_X5CHAIN, x5chain.length === 1 ? x5chain[0] : x5chain]]);
  // Sig_structure (RFC 9052 §4.4) with empty external_aad.
  const sigStructure = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), msoBytes]);
  let signature: Uint8Array;
  try {
    signature = await callbacks.sign(sigStructure, alg);
  } catch (cause) {
    throw new CredentialError('SIGNING_FAILED', 'the signer callback failed', { cause });
  }
  if (!(signature instanceof Uint8Array) || signature.length !== signatureLengthOf(alg)) {
    throw new CredentialError(
      'SIGNING_FAILED',
      `the signer returned ${signature instanceof Uint8Array ? signature.length : 'no'} bytes; ${alg} needs a raw ${signatureLengthOf(alg)}-byte signature`,
    );
  }
  return [protectedHeader, unprotectedHeader, msoBytes, new Uint8Array(signature)];
}
