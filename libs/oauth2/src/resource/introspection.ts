import { isPlainObject } from '../encoding/base64url';
import { sanitizeErrorDescription } from '../errors/oauth2.error';
import { checkAccessTokenClaims, refuseToken, type AccessTokenExpectations, type AccessTokenVerification } from './access-token-claims';

/** A token introspection request (RFC 7662 §2.1) with `client_secret_basic` authentication, ready for any HTTP client. */
export interface IntrospectionRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/**
 * Builds the RFC 7662 §2.1 request for an access token: form body `token` + `token_type_hint=access_token`, the
 * resource server authenticated with HTTP Basic, where id and secret are form-urlencoded first (RFC 6749 §2.3.1:
 * a `:` or non-ASCII character in a secret would otherwise break the credentials).
 */
export function buildIntrospectionRequest(input: {
  endpoint: string;
  token: string;
  clientId: string;
  clientSecret: string;
}): IntrospectionRequest {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const credentials = Buffer.from(`${encode(input.clientId)}:${encode(input.clientSecret)}`, 'utf8').toString('base64');
  return {
    url: input.endpoint,
    method: 'POST',
    headers: {
      authorization: `Basic ${credentials}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ token: input.token, token_type_hint: 'access_token' }).toString(),
  };
}

/** An introspection answer that says nothing about the token: the caller treats the server as unavailable. */
export interface UnusableIntrospectionResponse {
  verified: false;
  error: 'invalid_introspection_response';
  description: string;
}

/**
 * Reads an RFC 7662 §2.2 answer (HTTP status and parsed JSON body): anything but `200` with a JSON object carrying a
 * boolean `active` is unusable (the server failed, or refused our credentials); `active: false` is `invalid_token`
 * (RFC 7662 §2.2 says no more about why: unknown, expired or revoked); an active token is then checked like a JWT
 * access token for the claims it carries (`iss`, `aud`, `exp`, `nbf`, `cnf.jkt`), since an authorization server
 * introspects every token it issued, for any audience.
 */
export function parseIntrospectionResponse(
  status: number,
  body: unknown,
  expectations: AccessTokenExpectations,
): AccessTokenVerification | UnusableIntrospectionResponse {
  const unusable = (description: string): UnusableIntrospectionResponse => ({
    verified: false,
    error: 'invalid_introspection_response',
    description: sanitizeErrorDescription(description),
  });
  if (status !== 200) return unusable(`the introspection endpoint answered ${status}`);
  if (!isPlainObject(body) || typeof body['active'] !== 'boolean') return unusable('the introspection answer has no boolean active');
  if (!body['active']) return refuseToken('the access token is not active (introspection)');
  // Servers introspect their refresh tokens too (oidc-provider says token_type refresh_token, Keycloak typ Refresh).
  const kind = [body['token_type'], body['typ']].find((v): v is string => typeof v === 'string');
  if (kind && /refresh/i.test(kind)) return refuseToken('the introspected token is a refresh token, not an access token');
  return checkAccessTokenClaims(body, expectations, false);
}
