// The ID token / VP token verification part of the barrel (src/index.ts re-exports it; src/mdoc has its own part).

export type {
  CryptoCallbacks,
  FetchStatusListCallback,
  HashAlgorithm,
  HashCallback,
  Jwk,
  ResolveDidKeysCallback,
  VerifySignatureCallback,
} from './callbacks';
export { nodeCryptoCallbacks, nodeHash, nodeVerifySignature } from './crypto/node-crypto.callbacks';
export { Oid4vpError } from './errors/oid4vp-error';
export type { Oid4vpErrorCode, Oid4vpFailure, Oid4vpFailureReason } from './errors/oid4vp-error';
export type { FieldError } from './validation/field-error';

export { JWK_THUMBPRINT_URI_PREFIX, verifySelfIssuedIdToken } from './id-token/self-issued-id-token.verifier';
export type { SelfIssuedIdTokenOptions, SelfIssuedIdTokenResult, SelfIssuedSubject } from './id-token/self-issued-id-token.verifier';

export { verifyVpTokenResponse } from './vp-token/vp-token.verifier';
export type { VerifiedPresentation, VpTokenVerificationOptions, VpTokenVerificationResult } from './vp-token/vp-token.verifier';
export { parseTrustedIssuers } from './trust/trusted-issuers';
export type { TrustedIssuers } from './trust/trusted-issuers';
export { SUPPORTED_DCQL_FORMATS, validateDcqlQuery } from './dcql/dcql-query.validator';
export type { SupportedDcqlFormat } from './dcql/dcql-query.validator';
export { KB_JWT_TYP } from './sd-jwt/key-binding';
export { SD_JWT_VC_TYPES } from './sd-jwt/sd-jwt-vc.verifier';
export { STATUS_LIST_TOKEN_TYP } from './status/token-status-list.check';

export {
  buildRequestObjectHeader,
  buildRequestObjectPayload,
  DEFAULT_REQUEST_OBJECT_TTL,
  REQUEST_OBJECT_TYP,
  SELF_ISSUED_V2_AUDIENCE,
} from './request-object/request-object.builder';
export type { IdTokenRequestInput, RequestObjectInput, VpTokenRequestInput } from './request-object/request-object.builder';
