import { parseAuthorizationDetails, type CredentialAuthorizationDetail } from '../authorization/authorization-details';
import { isVsChars, ParamError, singleParam, toParamMap, type RequestParams } from '../encoding/form-params';
import { OAuth2Error } from '../errors/oauth2.error';

/** Grant type identifiers (RFC 6749 §4.1.3, §6; OID4VCI 1.0 §3.5). */
export const AUTHORIZATION_CODE_GRANT_TYPE = 'authorization_code';
export const REFRESH_TOKEN_GRANT_TYPE = 'refresh_token';
export const PRE_AUTHORIZED_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export type SupportedGrantType =
  typeof AUTHORIZATION_CODE_GRANT_TYPE | typeof REFRESH_TOKEN_GRANT_TYPE | typeof PRE_AUTHORIZED_CODE_GRANT_TYPE;

interface TokenRequestCommon {
  /** `client_id` when sent (public clients, RFC 6749 §3.2.1); must match the code's / attestation's client. */
  clientId?: string;
  authorizationDetails?: CredentialAuthorizationDetail[];
  /** RFC 8707 resource indicators (wallets send `resource=<credential_issuer>`). */
  resource?: string[];
}

export interface AuthorizationCodeTokenRequest extends TokenRequestCommon {
  grantType: typeof AUTHORIZATION_CODE_GRANT_TYPE;
  code: string;
  redirectUri?: string;
  /** Checked by `verifyAuthorizationCodeGrant` (missing or wrong → `invalid_grant`, RFC 7636 §4.6). */
  codeVerifier?: string;
}

export interface RefreshTokenRequest extends TokenRequestCommon {
  grantType: typeof REFRESH_TOKEN_GRANT_TYPE;
  refreshToken: string;
  /** Narrowing scope (RFC 6749 §6); must not exceed the original grant. */
  scopes?: string[];
}

export interface PreAuthorizedCodeTokenRequest extends TokenRequestCommon {
  grantType: typeof PRE_AUTHORIZED_CODE_GRANT_TYPE;
  preAuthorizedCode: string;
  txCode?: string;
}

export type TokenRequest = AuthorizationCodeTokenRequest | RefreshTokenRequest | PreAuthorizedCodeTokenRequest;

/**
 * Parses a token request from a decoded `application/x-www-form-urlencoded` body (RFC 6749 §4.1.3, §6,
 * OID4VCI 1.0 §6.1). Missing or repeated parameters are `invalid_request`; an unknown grant, or one not in
 * `allowedGrantTypes`, is `unsupported_grant_type`. Unknown parameters (`user_pin`, ...) are ignored as OID4VCI
 * §6.1 requires. Codes, tokens, tx_code, PKCE, client and DPoP are checked by the caller against its store.
 */
export function parseTokenRequest(body: RequestParams, options: { allowedGrantTypes?: readonly SupportedGrantType[] } = {}): TokenRequest {
  let params: Map<string, string[]>;
  const read = (name: string) => {
    try {
      return singleParam(params, name);
    } catch (e) {
      throw new OAuth2Error('invalid_request', (e as Error).message);
    }
  };
  try {
    params = toParamMap(body);
  } catch (e) {
    if (e instanceof ParamError) throw new OAuth2Error('invalid_request', e.message);
    throw e;
  }
  const grantType = read('grant_type');
  if (grantType === undefined) throw new OAuth2Error('invalid_request', 'grant_type is required');
  const allowed = options.allowedGrantTypes ?? [AUTHORIZATION_CODE_GRANT_TYPE, REFRESH_TOKEN_GRANT_TYPE, PRE_AUTHORIZED_CODE_GRANT_TYPE];
  if (!(allowed as readonly string[]).includes(grantType))
    throw new OAuth2Error('unsupported_grant_type', `grant_type ${grantType} is not supported`);

  const common: TokenRequestCommon = {};
  const clientId = read('client_id');
  if (clientId !== undefined) {
    if (!isVsChars(clientId, 512)) throw new OAuth2Error('invalid_request', 'client_id must be 1 to 512 printable ASCII characters');
    common.clientId = clientId;
  }
  const details = read('authorization_details');
  if (details !== undefined) {
    const parsed = parseAuthorizationDetails(details);
    if (!parsed.ok) throw new OAuth2Error('invalid_request', parsed.description);
    common.authorizationDetails = parsed.details;
  }
  const resource = params!.get('resource')?.filter((r) => r !== '');
  if (resource && resource.length > 0) common.resource = resource;

  const required = (name: string) => {
    const value = read(name);
    if (value === undefined) throw new OAuth2Error('invalid_request', `${name} is required for grant_type ${grantType}`);
    return value;
  };
  if (grantType === AUTHORIZATION_CODE_GRANT_TYPE) {
    const request: AuthorizationCodeTokenRequest = { ...common, grantType, code: required('code') };
    const redirectUri = read('redirect_uri');
    if (redirectUri !== undefined) request.redirectUri = redirectUri;
    const codeVerifier = read('code_verifier');
    if (codeVerifier !== undefined) request.codeVerifier = codeVerifier;
    return request;
  }
  if (grantType === REFRESH_TOKEN_GRANT_TYPE) {
    const request: RefreshTokenRequest = { ...common, grantType, refreshToken: required('refresh_token') };
    const scope = read('scope');
    if (scope !== undefined) request.scopes = [...new Set(scope.split(' ').filter((s) => s !== ''))];
    return request;
  }
  const request: PreAuthorizedCodeTokenRequest = {
    ...common,
    grantType: PRE_AUTHORIZED_CODE_GRANT_TYPE,
    preAuthorizedCode: required('pre-authorized_code'),
  };
  const txCode = read('tx_code');
  if (txCode !== undefined) request.txCode = txCode;
  return request;
}
