export { AuthorizationRequestError, OAuth2Error, sanitizeErrorDescription } from './errors/oauth2.error';
export type { OAuth2ErrorCode, OAuth2ErrorOptions } from './errors/oauth2.error';
export type { HashAlgorithm, HashCallback, RandomCallback, UseJtiCallback, VerifySignatureCallback } from './callbacks';
export type { RequestParams } from './encoding/form-params';
export { createOpaqueToken } from './encoding/opaque-token';
export { base64UrlDecode, base64UrlDecodeJson, base64UrlDecodeJsonObject, base64UrlEncode, isPlainObject } from './encoding/base64url';
export { decodeCompactJws, DEFAULT_MAX_JWS_LENGTH, isAsymmetricAlg } from './encoding/compact-jws';
export type { DecodedJws } from './encoding/compact-jws';
export { constantTimeEqual } from './encoding/constant-time';

export { canonicalPublicJwk, checkPublicJwk, PRIVATE_JWK_MEMBERS } from './jwk/public-jwk';
export type { PublicJwkCheck } from './jwk/public-jwk';

export { checkCodeChallenge, createS256CodeChallenge, isValidCodeVerifier, PKCE_METHOD_S256, verifyPkce } from './pkce/pkce';
export type { PkceVerificationResult } from './pkce/pkce';

export { OPENID_CREDENTIAL_TYPE, parseAuthorizationDetails } from './authorization/authorization-details';
export type { AuthorizationDetailsParse, CredentialAuthorizationDetail } from './authorization/authorization-details';
export { checkRedirectUri } from './authorization/redirect-uri';
export type { RedirectUriCheck, RedirectUriPolicy } from './authorization/redirect-uri';
export { parseAuthorizationRequest, parsePushedAuthorizationRequest } from './authorization/authorization-request.parser';
export type { AuthorizationRequest, AuthorizationRequestOptions } from './authorization/authorization-request.parser';
export { resolveRequestedCredentials } from './authorization/requested-credentials';
export type { RequestedCredentials, RequestedCredentialsInput, RequestedCredentialsOptions } from './authorization/requested-credentials';
export {
  authorizationErrorRedirectFor,
  buildAuthorizationErrorRedirect,
  buildAuthorizationResponseRedirect,
} from './authorization/authorization-response';
export type { TrustedRedirect } from './authorization/authorization-response';

export {
  buildPushedAuthorizationResponse,
  createRequestUri,
  DEFAULT_REQUEST_URI_EXPIRES_IN,
  parseRequestUriReference,
  REQUEST_URI_PREFIX,
} from './par/request-uri';

export {
  AUTHORIZATION_CODE_GRANT_TYPE,
  parseTokenRequest,
  PRE_AUTHORIZED_CODE_GRANT_TYPE,
  REFRESH_TOKEN_GRANT_TYPE,
} from './token/token-request.parser';
export type {
  AuthorizationCodeTokenRequest,
  PreAuthorizedCodeTokenRequest,
  RefreshTokenRequest,
  SupportedGrantType,
  TokenRequest,
} from './token/token-request.parser';
export { verifyAuthorizationCodeGrant } from './token/authorization-code-grant';
export type {
  AuthorizationCodeGrantContext,
  AuthorizationCodeGrantResult,
  IssuedAuthorizationCode,
} from './token/authorization-code-grant';
export { buildTokenResponse, NO_STORE_HEADERS } from './token/token-response.builder';
export type { TokenResponse, TokenResponseAuthorizationDetail, TokenResponseInput } from './token/token-response.builder';

export { DPOP_JWT_TYP, verifyDpopProof } from './dpop/dpop-proof.verifier';
export type { DpopRequest, DpopVerificationCallbacks, DpopVerificationOptions, DpopVerificationResult } from './dpop/dpop-proof.verifier';
export { dpopChallenge, dpopErrorFor } from './dpop/dpop-error';
export type { DpopEndpointKind, DpopErrorOptions } from './dpop/dpop-error';
export { normalizeHtu } from './dpop/htu';
export { checkAccessTokenPresentation, parseAuthorizationHeader } from './dpop/access-token-presentation';
export type { PresentedAccessToken } from './dpop/access-token-presentation';

export {
  ATTEST_JWT_CLIENT_AUTH,
  CLIENT_ATTESTATION_CHALLENGE_HEADER,
  CLIENT_ATTESTATION_HEADER,
  CLIENT_ATTESTATION_POP_HEADER,
  readClientAttestationHeaders,
} from './client-attestation/client-attestation-headers';
export type { ClientAttestationHeaders, RequestHeaders } from './client-attestation/client-attestation-headers';
export {
  CLIENT_ATTESTATION_JWT_TYP,
  CLIENT_ATTESTATION_POP_JWT_TYP,
  verifyClientAttestation,
} from './client-attestation/client-attestation.verifier';
export type {
  ClientAttestationCallbacks,
  ClientAttestationOptions,
  ClientAttestationResult,
} from './client-attestation/client-attestation.verifier';
export type { ClientAttestationTrust } from './client-attestation/attestation-signer';
export { parseTrustAnchors, verifyX5cChain } from './client-attestation/x5c-chain';
export type { X5cChainCheck } from './client-attestation/x5c-chain';
export { clientAttestationErrorFor } from './client-attestation/client-attestation-error';

export { buildAuthorizationServerMetadata } from './metadata/authorization-server-metadata.builder';
export type { AuthorizationServerMetadata, AuthorizationServerMetadataInput } from './metadata/authorization-server-metadata.builder';

export { checkAccessTokenClaims } from './resource/access-token-claims';
export type {
  AccessTokenExpectations,
  AccessTokenVerification,
  RefusedAccessToken,
  VerifiedAccessToken,
} from './resource/access-token-claims';
export { isJwtAccessTokenCandidate, verifyJwtAccessToken } from './resource/jwt-access-token.verifier';
export type { JwtAccessTokenCallbacks, JwtAccessTokenOptions } from './resource/jwt-access-token.verifier';
export { buildIntrospectionRequest, parseIntrospectionResponse } from './resource/introspection';
export type { IntrospectionRequest, UnusableIntrospectionResponse } from './resource/introspection';
export { authorizedCredentials } from './resource/authorized-credentials';
export type { AuthorizedCredential, AuthorizedCredentialsOptions } from './resource/authorized-credentials';
export { authorizationServerMetadataUrls, checkAuthorizationServerMetadata } from './metadata/authorization-server-discovery';
export type { AuthorizationServerMetadataCheck, DiscoveredAuthorizationServer } from './metadata/authorization-server-discovery';
export { publicKeysOf, selectVerificationKey } from './jwk/jwk-set';
