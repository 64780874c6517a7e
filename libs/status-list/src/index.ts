// Public API of @issuer/status-list: status list codecs (plain TS, signing via callbacks).
// The signer type of every signing function here; the JWS and COSE assembly itself lives in @issuer/credentials.
export type { JwsSigner } from '@issuer/credentials';

export { TOKEN_STATUS_BITS, TokenStatus, TokenStatusArray } from './token-status-list/token-status-array';
export type { TokenStatusBits } from './token-status-list/token-status-array';
export { decodeTokenStatusList, encodeTokenStatusList, MAX_TOKEN_STATUS_LIST_BYTES } from './token-status-list/token-status-list.codec';
export type { TokenStatusListClaim } from './token-status-list/token-status-list.codec';
export {
  signStatusListToken,
  STATUS_LIST_JWT_MEDIA_TYPE,
  STATUS_LIST_JWT_TYP,
  statusListTokenParts,
} from './token-status-list/status-list-token';
export type { StatusListTokenRequest } from './token-status-list/status-list-token';
export { signStatusListCwt, STATUS_LIST_CWT_MEDIA_TYPE } from './token-status-list/status-list-cwt';
export type { BytesSigner } from './token-status-list/status-list-cwt';

export { StatusBitstring } from './bitstring-status-list/status-bitstring';
export {
  decodeBitstringStatusList,
  encodeBitstringStatusList,
  MIN_BITSTRING_ENTRIES,
  StatusListLengthError,
} from './bitstring-status-list/bitstring-status-list.codec';
export {
  bitstringStatusListCredential,
  CREDENTIALS_V2_CONTEXT,
  signVcJwt,
  VC_JWT_MEDIA_TYPE,
} from './bitstring-status-list/bitstring-status-list.credential';
export type {
  BitstringStatusListCredentialRequest,
  BitstringStatusPurpose,
} from './bitstring-status-list/bitstring-status-list.credential';
export { validateStatusMessages } from './bitstring-status-list/status-message';
export type { StatusMessage } from './bitstring-status-list/status-message';

export { decodeStatusList2021, encodeStatusList2021 } from './status-list-2021/status-list-2021.codec';
export {
  CREDENTIALS_V1_CONTEXT,
  JWT_MEDIA_TYPE,
  signVc11Jwt,
  STATUS_LIST_2021_CONTEXT,
  statusList2021Credential,
} from './status-list-2021/status-list-2021.credential';
export type { StatusList2021CredentialRequest } from './status-list-2021/status-list-2021.credential';

export {
  credentialStatusValue,
  decodeStatusValue,
  DEFAULT_STATUS_MESSAGES,
  encodeStatusValue,
  planCredentialStatus,
  PURPOSE_ORDER,
  statusBitsFor,
  tokenStatusClaim,
} from './status-semantics';
export type { CredentialEntryState, CredentialStatusPlan, StatusEncoding } from './status-semantics';
