import { CborShape } from './cbor-shape';
import { coseKeyToPublicKey } from './cose-key';
import { verifyDeviceSignature } from './device-signature.verifier';
import { verifyIssuerSigned } from './issuer-signed.verifier';
import { checkMdocStatus } from './mdoc-status.verifier';
import { MdocVerificationError, MdocVerificationErrorCode, OAUTH_ERROR_OF, toErrorDescription } from './mdoc-verification.error';
import { oid4vpSessionTranscript } from './session-transcript';
import type { MdocPresentationVerifier, MdocVerificationContext, MdocVerifiedDocument } from '../vp-token/mdoc-verifier.type';

/** Dependencies of the verifier, fixed per deployment rather than per request. */
export interface MdocVerifierOptions {
  /**
   * Fetches a Token Status List by URI: the compact `statuslist+jwt`, or the `statuslist+cwt` bytes as
   * base64url. Without it the MSO `status` reference is not checked. An exception refuses the presentation.
   */
  fetchStatusList?: (uri: string) => Promise<string>;
}

/** A refusal: the OAuth code of the contract, plus the precise check that failed for logs and tests. */
export interface MdocVerificationFailure {
  verified: false;
  error: 'invalid_request' | 'access_denied';
  reason: MdocVerificationErrorCode;
  description: string;
  /** The underlying exception, when there was one (never shown to the wallet). */
  cause?: unknown;
}

export type MdocDeviceResponseResult = { verified: true; documents: MdocVerifiedDocument[] } | MdocVerificationFailure;

const shape = new CborShape();
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Verifies the `DeviceResponse` of an OpenID4VP 1.0 `mso_mdoc` presentation (Appendix B.2; ISO/IEC 18013-5
 * §8.3.2.1.2.2, §9.1.2, §9.1.3): `status` 0 and at least one document; for every document the issuer data
 * authentication ({@link verifyIssuerSigned}), mdoc authentication by deviceSignature over the OpenID4VPHandover
 * SessionTranscript ({@link oid4vpSessionTranscript}, {@link verifyDeviceSignature}) and, with
 * `options.fetchStatusList`, the Token Status List entry. One failing document refuses the whole response.
 * Never throws: every failure, unexpected ones included, is a `{ verified: false }` result.
 */
export async function verifyMdocDeviceResponse(
  deviceResponseB64u: string,
  context: MdocVerificationContext,
  options: MdocVerifierOptions = {},
): Promise<MdocDeviceResponseResult> {
  try {
    return { verified: true, documents: await verifyDocuments(deviceResponseB64u, context, options) };
  } catch (error) {
    if (error instanceof MdocVerificationError) {
      const failure: MdocVerificationFailure = {
        verified: false,
        error: OAUTH_ERROR_OF[error.code],
        reason: error.code,
        description: toErrorDescription(error.message),
      };
      return error.cause === undefined ? failure : { ...failure, cause: error.cause };
    }
    return {
      verified: false,
      error: 'invalid_request',
      reason: 'invalid_device_response',
      description: 'the DeviceResponse could not be processed',
      cause: error,
    };
  }
}

/** The verifier behind the `MdocPresentationVerifier` contract of the vp_token verifier. */
export function createMdocPresentationVerifier(options: MdocVerifierOptions = {}): MdocPresentationVerifier {
  return { verifyDeviceResponse: (deviceResponseB64u, context) => verifyMdocDeviceResponse(deviceResponseB64u, context, options) };
}

async function verifyDocuments(
  encoded: string,
  context: MdocVerificationContext,
  options: MdocVerifierOptions,
): Promise<MdocVerifiedDocument[]> {
  const now = context.now ?? new Date();
  for (const name of ['clientId', 'nonce', 'responseUri'] as const) {
    if (typeof context[name] !== 'string') shape.fail(`verifier context: ${name} must be a string`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) shape.fail('verifier context: now must be a valid Date');
  if (typeof encoded !== 'string' || !BASE64URL.test(encoded)) shape.fail('the mdoc presentation must be a base64url DeviceResponse');

  const response = shape.map(shape.decode(new Uint8Array(Buffer.from(encoded, 'base64url')), 'the DeviceResponse'), 'DeviceResponse');
  const version = shape.text(shape.get(response, 'version', 'DeviceResponse.version'), 'DeviceResponse.version');
  if (!version.startsWith('1.')) shape.fail(`DeviceResponse version ${version} is not supported`);
  const status = shape.uint(shape.get(response, 'status', 'DeviceResponse.status'), 'DeviceResponse.status');
  if (status !== 0) shape.fail(`the wallet answered with DeviceResponse status ${status}, not 0 (OK)`);
  const documents = response.has('documents') ? shape.array(response.get('documents'), 'DeviceResponse.documents') : [];
  if (documents.length === 0) shape.fail('the DeviceResponse holds no documents');

  const sessionTranscript = oid4vpSessionTranscript(context);
  const trust = { trustedCertificates: context.trustedCertificates, now };
  const verified: MdocVerifiedDocument[] = [];
  for (const [i, entry] of documents.entries()) {
    const document = shape.map(entry, `documents[${i}]`);
    const docType = shape.text(shape.get(document, 'docType', `documents[${i}].docType`), `documents[${i}].docType`);
    const issuerSigned = shape.map(shape.get(document, 'issuerSigned', `${docType} issuerSigned`), `${docType} issuerSigned`);
    const deviceSigned = shape.map(shape.get(document, 'deviceSigned', `${docType} deviceSigned`), `${docType} deviceSigned`);
    const issuer = verifyIssuerSigned(issuerSigned, docType, trust);
    verifyDeviceSignature(deviceSigned, docType, coseKeyToPublicKey(issuer.mso.deviceKey), sessionTranscript);
    // Last, so a forged presentation never makes the issuer fetch anything.
    if (issuer.mso.status) {
      await checkMdocStatus(issuer.mso.status, docType, { ...trust, documentSignerKey: issuer.documentSignerKey }, options.fetchStatusList);
    }
    verified.push({ docType, claims: issuer.claims });
  }
  return verified;
}
