import * as oauth from 'oauth4webapi';
import type { ConsoleConfig } from './console-config';

type SsoConfig = NonNullable<ConsoleConfig['sso']>;

/** The login in progress, kept for the callback (same tab): PKCE verifier and state, never sent anywhere else. */
interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

const PENDING = 'issuer-console.sso-pending';

export const callbackUrl = () => `${window.location.origin}/console/sso-callback`;

/** Plain http only toward a provider on this machine (development and the browser tests); https everywhere else. */
function transportOptions(config: SsoConfig): { [oauth.allowInsecureRequests]?: boolean } {
  const { protocol, hostname } = new URL(config.issuer);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(config: SsoConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...transportOptions(config) });
  return oauth.processDiscoveryResponse(issuer, response);
}

/**
 * Sends the browser to the identity provider: authorization code flow with PKCE S256 as a public client
 * (RFC 6749, RFC 7636, OAuth for browser-based apps), `resource` naming the admin API (RFC 8707) when configured.
 */
export async function startSsoLogin(config: SsoConfig, returnTo: string): Promise<void> {
  const as = await discover(config);
  if (!as.authorization_endpoint) throw new Error('The identity provider names no authorization endpoint');
  const pending: PendingLogin = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', callbackUrl());
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (config.resource) url.searchParams.set('resource', config.resource);
  window.location.assign(url.href);
}

/** Completes the login at `/console/sso-callback`: checks state, redeems the code with the verifier, checks the ID token. */
export async function finishSsoLogin(
  config: SsoConfig,
  currentUrl: URL,
): Promise<{ accessToken: string; expiresAt: number; name?: string; returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) throw new Error('No sign-in was started in this tab; start it again');
  const pending = JSON.parse(raw) as PendingLogin;
  const as = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, currentUrl, pending.state);
  const additionalParameters: Record<string, string> = {};
  if (config.resource) additionalParameters.resource = config.resource;
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, callbackUrl(), pending.verifier, {
    additionalParameters,
    ...transportOptions(config),
  });
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: config.scope.split(' ').includes('openid'),
  });
  const claims = oauth.getValidatedIdTokenClaims(result);
  const name = typeof claims?.name === 'string' ? claims.name : typeof claims?.sub === 'string' ? claims.sub : undefined;
  const expiresAt = Date.now() + (result.expires_in ?? 300) * 1000;
  return { accessToken: result.access_token, expiresAt, name, returnTo: pending.returnTo };
}
