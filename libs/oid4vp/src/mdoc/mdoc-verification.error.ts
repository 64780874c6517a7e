/**
 * Why a presentation was refused. The code is set where the check fails (STYLE.md rule 5); the caller maps it to
 * its own transport error. Several ISO 18013-5 failures deliberately share a code: a wallet learns nothing useful
 * from a finer split, and the description names the exact check for the logs.
 */
export type MdocVerificationErrorCode =
  /** Not base64url, not CBOR, not a DeviceResponse / Document / COSE structure, `status` ≠ 0, no documents. */
  | 'invalid_device_response'
  /** The Document Signer certificate does not chain to a trusted IACA, or a certificate is not valid now. */
  | 'untrusted_issuer'
  /** The IssuerAuth COSE_Sign1 signature does not verify with the Document Signer key. */
  | 'invalid_issuer_signature'
  /** The MSO is malformed, names another docType, or uses an unsupported digest algorithm. */
  | 'invalid_mso'
  /** now < validityInfo.validFrom. */
  | 'credential_not_yet_valid'
  /** now > validityInfo.validUntil. */
  | 'credential_expired'
  /** A disclosed IssuerSignedItem does not hash to its MSO valueDigests entry (tampered or foreign element). */
  | 'digest_mismatch'
  /** DeviceSignature missing or not valid over this request's SessionTranscript (wrong nonce, client_id, response_uri or key). */
  | 'invalid_device_signature'
  /** DeviceMac, which needs a reader key that OpenID4VP over direct_post does not establish. */
  | 'unsupported_device_authentication'
  /** The status list says the credential is not valid (revoked, suspended or another non-zero status). */
  | 'credential_revoked'
  /** The status list could not be fetched, parsed or authenticated, or does not cover the index. */
  | 'status_check_failed';

/** Thrown inside the verifier and turned into a `{ verified: false }` result at its boundary. */
export class MdocVerificationError extends Error {
  override readonly name = 'MdocVerificationError';
  constructor(
    readonly code: MdocVerificationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The OAuth code (RFC 6749 §5.2, OpenID4VP 1.0 §8.5) of each refusal, as the `MdocPresentationVerifier` contract
 * asks: `invalid_request` for a malformed or wrongly bound response, `access_denied` for a well-formed one the
 * issuer refuses (untrusted, expired, revoked). A status list that cannot be read fails closed as `access_denied`.
 */
export const OAUTH_ERROR_OF: Record<MdocVerificationErrorCode, 'invalid_request' | 'access_denied'> = {
  invalid_device_response: 'invalid_request',
  invalid_issuer_signature: 'invalid_request',
  invalid_mso: 'invalid_request',
  digest_mismatch: 'invalid_request',
  invalid_device_signature: 'invalid_request',
  unsupported_device_authentication: 'invalid_request',
  untrusted_issuer: 'access_denied',
  credential_not_yet_valid: 'access_denied',
  credential_expired: 'access_denied',
  credential_revoked: 'access_denied',
  status_check_failed: 'access_denied',
};

/**
 * Keeps wallet-controlled text (namespaces, element names, certificate subjects) inside the RFC 6749 §5.2
 * `error_description` character set: printable ASCII without `"` and `\`, at most 300 characters.
 */
export function toErrorDescription(text: string): string {
  const printable = text.replace(/"/g, "'").replace(/[^\x20-\x7e]|\\/g, '?');
  return printable.length > 300 ? `${printable.slice(0, 297)}...` : printable;
}
