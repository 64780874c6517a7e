import { COSE_HEADER, signCoseSign1, x5chainHeader, type CoseSign1 } from '../cose/cose-sign1';
import { CredentialError } from '../shared/credential-error';
import { failuresAsSigningFailed } from '../shared/signing-failure';
import { coseAlgorithmOf, MdocSigningAlgorithm, signatureLengthOf } from './mdoc-algorithms';
import { MdocCallbacks } from './mdoc.types';

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
): Promise<CoseSign1> {
  const sign = failuresAsSigningFailed(callbacks.sign);
  return signCoseSign1(
    {
      protectedHeader: new Map([[COSE_HEADER.alg, coseAlgorithmOf(alg)]]),
      unprotectedHeader: new Map([[COSE_HEADER.x5chain, x5chainHeader(x5chain)]]),
      payload: msoBytes,
    },
    async (toBeSigned) => {
      const signature = await sign(toBeSigned, alg);
      if (!(signature instanceof Uint8Array) || signature.length !== signatureLengthOf(alg)) {
        throw new CredentialError(
          'SIGNING_FAILED',
          `the signer returned ${signature instanceof Uint8Array ? signature.length : 'no'} bytes; ${alg} needs a raw ${signatureLengthOf(alg)}-byte signature`,
        );
      }
      return signature;
    },
  );
}
