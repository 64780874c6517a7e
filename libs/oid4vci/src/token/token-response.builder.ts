import { Oid4vciError } from '../errors/oid4vci.error';

/** Authorization detail of a token response: the request's detail plus `credential_identifiers` (§6.2). */
export interface TokenResponseAuthorizationDetail {
  type: 'openid_credential';
  credential_configuration_id: string;
  credential_identifiers: string[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  authorization_details?: TokenResponseAuthorizationDetail[];
}

/**
 * Builds a successful token response (RFC 6749 §5.1, OID4VCI 1.0 §6.2). 1.0 has no `c_nonce` here.
 * Every authorization detail must carry a non-empty `credential_identifiers` array (else `server_error`).
 * The transport must send it with `Cache-Control: no-store`.
 */
export function buildTokenResponse(input: {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer' | 'DPoP';
  authorizationDetails?: TokenResponseAuthorizationDetail[];
}): TokenResponse {
  const response: TokenResponse = {
    access_token: input.accessToken,
    token_type: input.tokenType,
    expires_in: input.expiresIn,
  };
  if (input.authorizationDetails) {
    response.authorization_details = input.authorizationDetails.map((detail) => {
      const ids = detail.credential_identifiers;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.length === 0)) {
        throw new Oid4vciError('server_error', 'credential_identifiers must be a non-empty array of strings');
      }
      return { ...detail, type: 'openid_credential', credential_identifiers: [...ids] };
    });
  }
  return response;
}

/** Headers every token, nonce and credential response needs (RFC 6749 §5.1, OID4VCI 1.0 §7.2). */
export const NO_STORE_HEADERS = Object.freeze({ 'Cache-Control': 'no-store' });
