// Public API of @issuer/credentials: credential formats and data functions, plain TS, crypto via callbacks.
export { CredentialError } from './shared/credential-error';
export type { CredentialErrorCode, ValidationIssue } from './shared/credential-error';
export { credentialTimes, isoSeconds, wholeSeconds } from './shared/credential-times';
export type { CredentialTimes, CredentialTimesInput } from './shared/credential-times';

// JOSE and COSE assembly for everything the platform signs through kms (credentials, status lists, metadata).
export { jwsSigningInput, signCompactJws } from './jose/compact-jws';
export type { JwsSigner } from './jose/compact-jws';
export { encodeCbor } from './cose/cbor.encoder';
export type { CborValue } from './cose/cbor.encoder';
export {
  COSE_ALGORITHMS,
  COSE_HEADER,
  COSE_SIGN1_TAG,
  coseAlgorithmOfJws,
  coseSign1ToBeSigned,
  signCoseSign1,
  tagCoseSign1,
  x5chainHeader,
} from './cose/cose-sign1';
export type { CoseSign1, CoseSigner } from './cose/cose-sign1';

export { issueSdJwtVc, SD_JWT_VC_TYP } from './sd-jwt-vc/sd-jwt-vc.issuer';
export type { SdJwtVcCallbacks, SdJwtVcIssueRequest } from './sd-jwt-vc/sd-jwt-vc.issuer';
export { validateSdMap } from './sd-jwt-vc/sd-map.validator';
export type { SdMapValidationResult } from './sd-jwt-vc/sd-map.validator';
export type { DecoyMode, SdField, SdMap } from './sd-jwt-vc/sd-map.types';
export { SD_JWT_VC_RESERVED_CLAIMS } from './sd-jwt-vc/reserved-claims.constants';

export { parseDuration } from './data-functions/duration.parser';
export type { DurationParseResult } from './data-functions/duration.parser';
export { deepMergeAppend, deepMergeReplace } from './data-functions/deep-merge.util';
export { validateMapping } from './data-functions/mapping.validator';
export type { MappingValidationResult } from './data-functions/mapping.validator';
export { applyMapping } from './data-functions/mapping.evaluator';
export { parseTemplate } from './data-functions/mapping-template.parser';
export type { DataFunctionCall } from './data-functions/data-function.types';
export type { MappingResult } from './data-functions/mapping.evaluator';
export type { DataFunctionCallbacks, DataFunctionContext } from './data-functions/data-function.types';

export { issueW3cVc, W3C_TYP } from './w3c-vc/w3c-vc.issuer';
export { W3C_BASE_CONTEXT } from './w3c-vc/w3c-vc-payload.builder';
export { w3cStatusEntry } from './w3c-vc/w3c-status-entry';
export type { W3cIssueRequest, W3cStatusReference, W3cVcCallbacks, W3cVersion } from './w3c-vc/w3c-vc.types';

export * from './mdoc/mdoc-public-api';

export { applyClaimsMapping, validateClaimsMapping } from './claims-mapping/claims-mapping';
export type { ClaimsMapping } from './claims-mapping/claims-mapping';
export { parseJsonPath } from './claims-mapping/json-path';
