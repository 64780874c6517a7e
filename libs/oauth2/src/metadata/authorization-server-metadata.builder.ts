import { ATTEST_JWT_CLIENT_AUTH } from '../client-attestation/client-attestation-headers';
import { PKCE_METHOD_S256 } from '../pkce/pkce';
import { AUTHORIZATION_CODE_GRANT_TYPE, PRE_AUTHORIZED_CODE_GRANT_TYPE, REFRESH_TOKEN_GRANT_TYPE } from '../token/token-request.parser';

export interface AuthorizationServerMetadataInput {
  /** The credential issuer identifier, which is also the AS `issuer` (`PUBLIC_URL/issuers/{issuerId}`, no trailing slash). */
  credentialIssuer: string;
  /** `requirePar` (API.md §11). Default false. */
  requirePushedAuthorizationRequests?: boolean;
  /** DPoP proof algorithms (RFC 9449 §5.1); omitted when empty. */
  dpopSigningAlgs?: readonly string[];
  /** Whether refresh tokens are issued (`refreshTokens`, API.md §11). Default true. */
  refreshTokens?: boolean;
  /** Client attestation settings; `attest_jwt_client_auth` is announced when present. */
  clientAttestation?: { required?: boolean; signingAlgs?: readonly string[] };
  /** Default: anonymous unless client attestation is required (API.md §10, OID4VCI 1.0 §12.3). */
  preAuthorizedGrantAnonymousAccess?: boolean;
  /** `scope` values of the credential configurations (RFC 8414 `scopes_supported`). */
  scopes?: readonly string[];
  /** RFC 8414 `jwks_uri`, e.g. `{credentialIssuer}/jwks`. */
  jwksUri?: string;
}

export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  pushed_authorization_request_endpoint: string;
  require_pushed_authorization_requests: boolean;
  response_types_supported: string[];
  response_modes_supported: string[];
  grant_types_supported: string[];
  code_challenge_methods_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  authorization_details_types_supported: string[];
  authorization_response_iss_parameter_supported: true;
  'pre-authorized_grant_anonymous_access_supported': boolean;
  dpop_signing_alg_values_supported?: string[];
  client_attestation_signing_alg_values_supported?: string[];
  client_attestation_pop_signing_alg_values_supported?: string[];
  scopes_supported?: string[];
  jwks_uri?: string;
}

const DEFAULT_ATTESTATION_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'PS256', 'RS256'];

/**
 * RFC 8414 metadata of the issuer as its own authorization server, with the fields of API.md §11 and OID4VCI 1.0
 * §12.3: endpoints `/authorize`, `/par`, `/token` under the credential issuer (API.md §8), PKCE `S256` only, `code`
 * only, RFC 9207 `iss` in responses, `openid_credential` details, the pre-authorized, code and refresh grants,
 * DPoP algorithms and `attest_jwt_client_auth` (alone when attestation is required: public `none` clients are then
 * refused). Serve it at `/.well-known/oauth-authorization-server/issuers/{id}`; `issuer` must equal the URL's base.
 */
export function buildAuthorizationServerMetadata(input: AuthorizationServerMetadataInput): AuthorizationServerMetadata {
  const issuer = input.credentialIssuer;
  const attestation = input.clientAttestation;
  const grants = [AUTHORIZATION_CODE_GRANT_TYPE, PRE_AUTHORIZED_CODE_GRANT_TYPE];
  if (input.refreshTokens ?? true) grants.push(REFRESH_TOKEN_GRANT_TYPE);
  const authMethods = attestation ? (attestation.required ? [ATTEST_JWT_CLIENT_AUTH] : ['none', ATTEST_JWT_CLIENT_AUTH]) : ['none'];
  const metadata: AuthorizationServerMetadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    pushed_authorization_request_endpoint: `${issuer}/par`,
    require_pushed_authorization_requests: input.requirePushedAuthorizationRequests ?? false,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: grants,
    code_challenge_methods_supported: [PKCE_METHOD_S256],
    token_endpoint_auth_methods_supported: authMethods,
    authorization_details_types_supported: ['openid_credential'],
    authorization_response_iss_parameter_supported: true,
    'pre-authorized_grant_anonymous_access_supported': input.preAuthorizedGrantAnonymousAccess ?? !attestation?.required,
  };
  if (input.dpopSigningAlgs && input.dpopSigningAlgs.length > 0) metadata.dpop_signing_alg_values_supported = [...input.dpopSigningAlgs];
  if (attestation) {
    const algs = [...(attestation.signingAlgs ?? DEFAULT_ATTESTATION_ALGS)];
    metadata.client_attestation_signing_alg_values_supported = algs;
    metadata.client_attestation_pop_signing_alg_values_supported = [...algs];
  }
  if (input.scopes && input.scopes.length > 0) metadata.scopes_supported = [...new Set(input.scopes)];
  if (input.jwksUri !== undefined) metadata.jwks_uri = input.jwksUri;
  return metadata;
}
