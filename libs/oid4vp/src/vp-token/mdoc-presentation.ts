import type { DcqlCredentialPresentation, DcqlCredentialQuery } from 'dcql';
import { invalidRequest, Oid4vpError } from '../errors/oid4vp-error';
import type { MdocPresentationVerifier, MdocVerifiedDocument } from './mdoc-verifier.type';
import type { PresentationContext } from './presentation-context';

export interface MdocOptions {
  verifier?: MdocPresentationVerifier;
  responseUri?: string;
}

/**
 * Verifies an `mso_mdoc` presentation by delegating to the mdoc verifier (OpenID4VP 1.0 Appendix B.2), with the
 * request binding and the trusted certificates, and picks the document the credential query asks for
 * (`meta.doctype_value`, else the first). Its namespaces feed DCQL and the login claims.
 */
export async function verifyMdocPresentation(
  presentation: unknown,
  query: DcqlCredentialQuery,
  mdoc: MdocOptions,
  context: PresentationContext,
): Promise<{ record: DcqlCredentialPresentation; claims: Record<string, unknown> }> {
  if (!mdoc.verifier) throw invalidRequest('unsupported', 'mso_mdoc presentations are not supported here (no mdoc verifier configured)');
  if (typeof presentation !== 'string' || presentation === '')
    throw invalidRequest('malformed', 'mso_mdoc presentation must be a base64url DeviceResponse');
  const result = await mdoc.verifier.verifyDeviceResponse(presentation, {
    clientId: context.clientId,
    nonce: context.nonce,
    // Checked by verifyVpTokenResponse before any presentation is looked at.
    responseUri: mdoc.responseUri ?? '',
    trustedCertificates: context.trust.certificates,
    now: context.now,
  });
  if (!result.verified) {
    throw new Oid4vpError(result.error, result.error === 'access_denied' ? 'untrusted_issuer' : 'invalid_signature', result.description);
  }
  const doctype = (query.meta as { doctype_value?: string } | undefined)?.doctype_value;
  const document: MdocVerifiedDocument | undefined =
    result.documents.find((d) => doctype === undefined || d.docType === doctype) ?? result.documents[0];
  if (!document) throw invalidRequest('malformed', 'mso_mdoc DeviceResponse contains no document');
  return {
    record: { credential_format: 'mso_mdoc', doctype: document.docType, namespaces: document.claims, cryptographic_holder_binding: true },
    claims: document.claims,
  };
}
