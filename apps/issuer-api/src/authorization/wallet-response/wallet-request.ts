import { OAuth2Error } from '@issuer/oauth2';
import { newSecret } from '../../common/secrets';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import type { StoredAuthorizationRequest } from '../authorization-request.repository';
import type { LoginStart } from '../login-method';

/** How long a wallet has to fetch the request object and answer it (the login window bounds it too). */
export const WALLET_REQUEST_TTL_SECONDS = 600;

/**
 * Starts a login the wallet answers itself (API.md §11): the browser goes back to the wallet's redirect URI with
 * `client_id` (= `credential_issuer`) and `request_uri` = `{credential_issuer}/request/{authorization request id}`;
 * the request object carries a fresh `state` (its hash finds the login at `/direct_post`) and `nonce`.
 */
export function startWalletRequest(
  issuer: IssuerConfig,
  credentialIssuer: string,
  request: StoredAuthorizationRequest,
  authorizationRequestId: string,
  method: 'ID_TOKEN' | 'VP_TOKEN',
): LoginStart {
  // Checked when the profile was saved; the issuer may have dropped its tokenKeyId since.
  if (!issuer.tokenKeyId) throw new OAuth2Error('server_error', `issuer ${issuer.id} has no tokenKeyId to sign request objects`);
  const state = newSecret();
  const redirect = new URL(request.redirectUri);
  redirect.searchParams.set('client_id', credentialIssuer);
  redirect.searchParams.set('request_uri', `${credentialIssuer}/request/${authorizationRequestId}`);
  return { redirect: redirect.href, state, stored: { method, state, nonce: newSecret() } };
}

/** The claims every request object of the issuer carries (RFC 9101, OpenID4VP 1.0 §5, SIOPv2 §9). */
export function requestObjectBase(credentialIssuer: string, state: string, nonce: string): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: credentialIssuer,
    aud: 'https://self-issued.me/v2',
    client_id: credentialIssuer,
    response_mode: 'direct_post',
    response_uri: `${credentialIssuer}/direct_post`,
    nonce,
    state,
    iat,
    exp: iat + WALLET_REQUEST_TTL_SECONDS,
  };
}
