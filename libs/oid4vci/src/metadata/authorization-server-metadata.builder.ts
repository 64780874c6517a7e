export interface AuthorizationServerMetadataInput {
  credentialIssuer: string;
  /** DPoP proof algorithms accepted at the token endpoint (RFC 9449 §5.1); omitted when not given. */
  dpopSigningAlgs?: string[];
}

export interface AuthorizationServerMetadata {
  issuer: string;
  token_endpoint: string;
  grant_types_supported: string[];
  'pre-authorized_grant_anonymous_access_supported': true;
  token_endpoint_auth_methods_supported: string[];
  authorization_details_types_supported: string[];
  dpop_signing_alg_values_supported?: string[];
}

/** Grant type of the pre-authorized code flow (OID4VCI 1.0 §3.5). */
export const PRE_AUTHORIZED_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/**
 * Builds RFC 8414 metadata for the issuer acting as its own authorization server (OID4VCI 1.0 §12.3).
 * Only the pre-authorized grant is offered, with anonymous access; `response_types_supported` is omitted
 * as §12.3 allows when there is no authorization endpoint. `issuer` equals the credential issuer because
 * wallets build the AS metadata URL from it and compare the two.
 */
export function buildAuthorizationServerMetadata(input: AuthorizationServerMetadataInput): AuthorizationServerMetadata {
  const ci = input.credentialIssuer;
  const metadata: AuthorizationServerMetadata = {
    issuer: ci,
    token_endpoint: `${ci}/token`,
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT_TYPE],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    authorization_details_types_supported: ['openid_credential'],
  };
  if (input.dpopSigningAlgs && input.dpopSigningAlgs.length > 0) {
    metadata.dpop_signing_alg_values_supported = [...input.dpopSigningAlgs];
  }
  return metadata;
}
