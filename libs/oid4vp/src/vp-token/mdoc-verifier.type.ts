// The contract between the vp_token verifier (this folder) and the mdoc DeviceResponse verifier (src/mdoc/).
// The vp_token verifier hands over each `mso_mdoc` presentation string untouched and feeds the returned
// namespaces into DCQL; everything ISO 18013-5 (issuerAuth, MSO digests, deviceAuth) happens behind it.

/** What binds an mdoc presentation to this request (OpenID4VP 1.0 Appendix B.2.6.1, `OpenID4VPHandover`). */
export interface MdocVerificationContext {
  /** The request's `client_id`, exactly as sent (with its prefix, if any). */
  clientId: string;
  /** The request's `nonce`. */
  nonce: string;
  /** The request's `response_uri` (response mode `direct_post`). */
  responseUri: string;
  /**
   * SHA-256 JWK thumbprint of the response encryption key for `direct_post.jwt`; absent (CBOR `null` in the
   * handover) for plain `direct_post`, which is all the issuer uses today.
   */
  jwkThumbprint?: Uint8Array;
  /** PEM certificates (IACA roots or document signer certificates) the issuerAuth `x5chain` must lead to. */
  trustedCertificates: readonly string[];
  /** The verification time for MSO `validityInfo` and certificate validity. Defaults to the current time. */
  now?: Date;
}

/** One verified document of a DeviceResponse: its `docType` and the disclosed elements per namespace. */
export interface MdocVerifiedDocument {
  docType: string;
  /** `{ "<namespace>": { "<element identifier>": value } }`, only elements whose digests matched the MSO. */
  claims: Record<string, Record<string, unknown>>;
}

/**
 * The result of verifying one DeviceResponse. A failure carries an OAuth / OpenID4VP error code (RFC 6749 §5.2,
 * OpenID4VP 1.0 §8.5): `invalid_request` for a malformed or wrongly bound response (bad deviceAuth, session
 * transcript mismatch), `access_denied` for an untrusted or expired issuer signature.
 */
export type MdocVerificationResult =
  | { verified: true; documents: MdocVerifiedDocument[] }
  | { verified: false; error: 'invalid_request' | 'access_denied'; description: string };

/**
 * Verifies an ISO 18013-5 `DeviceResponse` presented in an OpenID4VP 1.0 `vp_token` (Appendix B.2): issuerAuth
 * (COSE_Sign1 over the MSO, `x5chain` to one of `trustedCertificates`), value digests of every disclosed element,
 * MSO validity at `now`, and deviceAuth (deviceSignature or deviceMac) over the SessionTranscript built from the
 * `OpenID4VPHandover` of `context`. Implemented in `src/mdoc/`; passed to `verifyVpTokenResponse` as `mdoc`.
 * Must not throw for bad input: a malformed presentation is `{ verified: false, error: 'invalid_request' }`.
 */
export interface MdocPresentationVerifier {
  /** @param deviceResponseB64u the `vp_token` entry: base64url (no padding) of the CBOR-encoded DeviceResponse. */
  verifyDeviceResponse(deviceResponseB64u: string, context: MdocVerificationContext): Promise<MdocVerificationResult>;
}
