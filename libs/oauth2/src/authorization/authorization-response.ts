import { AuthorizationRequestError, sanitizeErrorDescription, type OAuth2ErrorCode } from '../errors/oauth2.error';

/** Where a response goes: a redirect URI that `checkRedirectUri` accepted, and the wallet's `state`. */
export interface TrustedRedirect {
  redirectUri: string;
  state?: string;
}

function appendQuery(redirectUri: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  // The redirect URI's own query is kept (RFC 6749 §3.1.2); it has no fragment (checkRedirectUri).
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
}

/**
 * The `Location` of a successful authorization response (RFC 6749 §4.1.2): `code`, the wallet's `state` unchanged,
 * and `iss` = the AS issuer identifier (RFC 9207 §2; mix-up defence, announced by
 * `authorization_response_iss_parameter_supported`). Security: only for a redirect URI the request validated.
 */
export function buildAuthorizationResponseRedirect(to: TrustedRedirect, response: { code: string; iss: string }): string {
  return appendQuery(to.redirectUri, { code: response.code, state: to.state, iss: response.iss });
}

/**
 * The `Location` of an authorization error response (RFC 6749 §4.1.2.1): `error`, `error_description`, `state`
 * and `iss` (RFC 9207 asks for it on error responses too). Use it for an `AuthorizationRequestError` that carries
 * `redirectUri` (see `authorizationErrorRedirectFor`), or for later failures of a validated request
 * (`access_denied` when the user cancels the login, `server_error`, ...).
 */
export function buildAuthorizationErrorRedirect(
  to: TrustedRedirect,
  error: { error: OAuth2ErrorCode; description?: string; iss: string },
): string {
  const description = error.description === undefined ? undefined : sanitizeErrorDescription(error.description);
  return appendQuery(to.redirectUri, { error: error.error, error_description: description, state: to.state, iss: error.iss });
}

/**
 * The redirect `Location` for an error thrown by `parseAuthorizationRequest`, or `undefined` when the error must
 * not be redirected (no validated redirect URI: answer 400 JSON or an HTML page instead).
 */
export function authorizationErrorRedirectFor(error: unknown, iss: string): string | undefined {
  if (!(error instanceof AuthorizationRequestError) || error.redirectUri === undefined) return undefined;
  const to: TrustedRedirect = { redirectUri: error.redirectUri };
  if (error.state !== undefined) to.state = error.state;
  return buildAuthorizationErrorRedirect(to, { error: error.error, description: error.message, iss });
}
