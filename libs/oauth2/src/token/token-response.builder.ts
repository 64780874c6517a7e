import type { CredentialAuthorizationDetail } from '../authorization/authorization-details';

/** An authorization detail of a token response: the granted detail plus `credential_identifiers` (OID4VCI 1.0 §6.2). */
export interface TokenResponseAuthorizationDetail extends CredentialAuthorizationDetail {
  credential_identifiers: string[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  authorization_details?: TokenResponseAuthorizationDetail[];
}

export interface TokenResponseInput {
  accessToken: string;
  /** `DPoP` when the token is bound to the proof's key (`cnf.jkt`, RFC 9449 §5), else `Bearer`. */
  tokenType: 'Bearer' | 'DPoP';
  expiresIn: number;
  refreshToken?: string;
  /** Granted scopes, when they differ from the request or were requested (RFC 6749 §5.1). */
  scopes?: readonly string[];
  authorizationDetails?: readonly TokenResponseAuthorizationDetail[];
}

/**
 * Builds a successful token response (RFC 6749 §5.1, RFC 9449 §5, OID4VCI 1.0 §6.2; no `c_nonce` in 1.0).
 * Every authorization detail must carry a non-empty `credential_identifiers` array (a `TypeError` otherwise:
 * a programming error, not a client error). Send it with `NO_STORE_HEADERS`.
 */
export function buildTokenResponse(input: TokenResponseInput): TokenResponse {
  if (!Number.isInteger(input.expiresIn) || input.expiresIn <= 0) throw new TypeError('expires_in must be a positive integer');
  const response: TokenResponse = { access_token: input.accessToken, token_type: input.tokenType, expires_in: input.expiresIn };
  if (input.refreshToken !== undefined) response.refresh_token = input.refreshToken;
  if (input.scopes && input.scopes.length > 0) response.scope = input.scopes.join(' ');
  if (input.authorizationDetails) {
    response.authorization_details = input.authorizationDetails.map((detail) => {
      const ids = detail.credential_identifiers;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.length === 0)) {
        throw new TypeError('credential_identifiers must be a non-empty array of strings');
      }
      return { ...detail, type: 'openid_credential', credential_identifiers: [...ids] };
    });
  }
  return response;
}

/** Headers of every token and PAR response (RFC 6749 §5.1, RFC 9126 §2.2). */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'Cache-Control': 'no-store' });
