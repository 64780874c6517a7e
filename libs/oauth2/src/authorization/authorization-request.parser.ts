import { AuthorizationRequestError, type OAuth2ErrorCode } from '../errors/oauth2.error';
import { isVsChars, ParamError, singleParam, toParamMap, type RequestParams } from '../encoding/form-params';
import { checkCodeChallenge, PKCE_METHOD_S256 } from '../pkce/pkce';
import { parseAuthorizationDetails, type CredentialAuthorizationDetail } from './authorization-details';
import { checkRedirectUri, type RedirectUriPolicy } from './redirect-uri';

/** A validated authorization request (RFC 6749 §4.1.1 + RFC 7636 + RFC 9396 + OID4VCI 1.0 §5.1). */
export interface AuthorizationRequest {
  responseType: 'code';
  clientId: string;
  /** The validated redirect URI (the registered one when the client omitted it). */
  redirectUri: string;
  /** Whether the client sent `redirect_uri`; then the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  state?: string;
  codeChallenge: string;
  codeChallengeMethod: typeof PKCE_METHOD_S256;
  /** Scope tokens as sent (deduplicated); unknown ones are for the caller to ignore (OID4VCI 1.0 §5.1.2). */
  scopes: string[];
  authorizationDetails?: CredentialAuthorizationDetail[];
  /** Opaque value from a credential offer (OID4VCI 1.0 §5.1.3); treat as possibly attacker-injected. */
  issuerState?: string;
  uiLocales?: string[];
  /** RFC 8707 resource indicators. */
  resource?: string[];
  /** RFC 9449 §10: thumbprint of the DPoP key the code is to be bound to. */
  dpopJkt?: string;
}

export interface AuthorizationRequestOptions extends RedirectUriPolicy {
  /** This issuer's identifier; `authorization_details[].locations`, when sent, must contain it. */
  credentialIssuer?: string;
  /** The client id proven by client attestation at this request; `client_id` must equal it (`invalid_client`). */
  authenticatedClientId?: string;
}

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // NQCHAR, RFC 6749 Appendix A.4
const LOCALE = /^[A-Za-z0-9-]{1,35}$/;
const JKT = /^[A-Za-z0-9_-]{43}$/;

type Fail = (error: OAuth2ErrorCode, description: string) => never;

function readRedirectable(
  params: Map<string, string[]>,
  options: AuthorizationRequestOptions,
  fail: Fail,
): Omit<AuthorizationRequest, 'clientId' | 'redirectUri' | 'redirectUriSent' | 'state'> {
  const read = (name: string, error: OAuth2ErrorCode = 'invalid_request') => {
    try {
      return singleParam(params, name);
    } catch (e) {
      return fail(error, (e as Error).message);
    }
  };
  if (params.has('request_uri')) fail('invalid_request', 'request_uri must not be sent with other authorization parameters or pushed');
  if (params.has('request')) fail('invalid_request', 'request objects are not supported; use pushed authorization requests');
  const responseType = read('response_type');
  if (responseType === undefined) fail('invalid_request', 'response_type is required');
  if (responseType !== 'code') fail('unsupported_response_type', `response_type ${responseType} is not supported; use code`);
  const challengeProblem = checkCodeChallenge(read('code_challenge'), read('code_challenge_method'));
  if (challengeProblem) fail('invalid_request', challengeProblem);
  const responseMode = read('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') fail('invalid_request', `response_mode ${responseMode} is not supported`);

  const scopes = [...new Set((read('scope', 'invalid_scope') ?? '').split(' ').filter((s) => s !== ''))];
  if (scopes.some((s) => !SCOPE_TOKEN.test(s))) fail('invalid_scope', 'scope contains invalid characters');
  const request: ReturnType<typeof readRedirectable> = {
    responseType: 'code',
    codeChallenge: read('code_challenge') as string,
    codeChallengeMethod: PKCE_METHOD_S256,
    scopes,
  };
  const detailsText = read('authorization_details', 'invalid_authorization_details');
  if (detailsText !== undefined) {
    const details = parseAuthorizationDetails(detailsText, { credentialIssuer: options.credentialIssuer });
    if (!details.ok) fail('invalid_authorization_details', details.description);
    request.authorizationDetails = details.details;
  }
  const issuerState = read('issuer_state');
  if (issuerState !== undefined) {
    if (!isVsChars(issuerState)) fail('invalid_request', 'issuer_state must be 1 to 2048 printable ASCII characters');
    request.issuerState = issuerState;
  }
  const resource = params.get('resource')?.filter((r) => r !== '');
  if (resource && resource.length > 0) {
    for (const r of resource)
      if (!/^[a-z][a-z0-9+.-]*:\/\/[^#]+$/i.test(r)) fail('invalid_target', 'resource must be an absolute URI without fragment');
    request.resource = resource;
  }
  const dpopJkt = read('dpop_jkt');
  if (dpopJkt !== undefined) {
    if (!JKT.test(dpopJkt)) fail('invalid_request', 'dpop_jkt must be a base64url SHA-256 JWK thumbprint');
    request.dpopJkt = dpopJkt;
  }
  const locales = read('ui_locales');
  if (locales !== undefined) {
    const tags = locales.split(' ').filter((t) => LOCALE.test(t));
    if (tags.length > 0) request.uiLocales = tags;
  }
  return request;
}

function parse(input: RequestParams, options: AuthorizationRequestOptions, pushed: boolean): AuthorizationRequest {
  const early: Fail = (error, description) => {
    throw new AuthorizationRequestError(error, description);
  };
  let params: Map<string, string[]>;
  let clientId: string | undefined;
  let redirectValue: string | undefined;
  try {
    params = toParamMap(input);
    clientId = singleParam(params, 'client_id');
    redirectValue = singleParam(params, 'redirect_uri');
  } catch (e) {
    if (e instanceof ParamError) early('invalid_request', e.message);
    throw e;
  }
  if (clientId === undefined) early('invalid_request', 'client_id is required');
  if (!isVsChars(clientId as string, 512)) early('invalid_request', 'client_id must be 1 to 512 printable ASCII characters');
  const redirect = checkRedirectUri(redirectValue, options);
  if (!redirect.ok) early('invalid_request', redirect.description);
  if (options.authenticatedClientId !== undefined && clientId !== options.authenticatedClientId) {
    early('invalid_client', 'client_id does not match the authenticated client (client attestation sub)');
  }
  const redirectUri = (redirect as { redirectUri: string }).redirectUri;

  let state: string | undefined;
  let stateProblem: string | undefined;
  try {
    state = singleParam(params, 'state');
    if (state !== undefined && !isVsChars(state)) [state, stateProblem] = [undefined, 'state must be 1 to 2048 printable ASCII characters'];
  } catch (e) {
    stateProblem = (e as Error).message;
  }
  // From here on the redirect URI is trusted: errors go back to it, except at the PAR endpoint (JSON only).
  const late: Fail = (error, description) => {
    throw new AuthorizationRequestError(error, description, pushed ? {} : { redirectUri, ...(state === undefined ? {} : { state }) });
  };
  if (stateProblem) late('invalid_request', stateProblem);
  const request: AuthorizationRequest = {
    ...readRedirectable(params, options, late),
    clientId: clientId as string,
    redirectUri,
    redirectUriSent: redirectValue !== undefined,
  };
  if (state !== undefined) request.state = state;
  return request;
}

/**
 * Parses and validates a front-channel authorization request at `/authorize` (RFC 6749 §4.1.1, PKCE S256 required,
 * RFC 9396 `authorization_details`, OID4VCI 1.0 §5.1 `issuer_state`/`scope`). Unknown parameters are ignored.
 * Throws `AuthorizationRequestError`: with `redirectUri` (+ `state`) once `client_id` and `redirect_uri` are valid,
 * so the caller redirects it with `buildAuthorizationErrorRedirect`; without, the caller answers 400 itself.
 * A request carrying `request_uri` must go through `parseRequestUriReference` instead.
 */
export function parseAuthorizationRequest(params: RequestParams, options: AuthorizationRequestOptions = {}): AuthorizationRequest {
  return parse(params, options, false);
}

/**
 * Parses a pushed authorization request body (RFC 9126 §2.1) with the same rules; `request_uri` is refused.
 * Errors never carry a `redirectUri`: the PAR endpoint always answers JSON (400, or 401 for `invalid_client`).
 */
export function parsePushedAuthorizationRequest(params: RequestParams, options: AuthorizationRequestOptions = {}): AuthorizationRequest {
  return parse(params, options, true);
}
