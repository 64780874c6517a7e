import type { RandomCallback } from '../callbacks';
import { isVsChars, ParamError, singleParam, toParamMap, type RequestParams } from '../encoding/form-params';
import { createOpaqueToken } from '../encoding/opaque-token';
import { OAuth2Error } from '../errors/oauth2.error';

/** Prefix of PAR request URIs (RFC 9126 §2.2). */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/** Default lifetime of a pushed request (RFC 9126 §2.2 suggests short; 60 s as FAPI 2.0 does). */
export const DEFAULT_REQUEST_URI_EXPIRES_IN = 60;

/** A fresh `request_uri` and its random reference (the part to store and look up). */
export function createRequestUri(random: RandomCallback): { requestUri: string; reference: string } {
  const reference = createOpaqueToken(random);
  return { requestUri: `${REQUEST_URI_PREFIX}${reference}`, reference };
}

/** The successful PAR response body (RFC 9126 §2.2), sent with status 201 and `Cache-Control: no-store`. */
export function buildPushedAuthorizationResponse(input: { requestUri: string; expiresIn?: number }): {
  request_uri: string;
  expires_in: number;
} {
  const expiresIn = input.expiresIn ?? DEFAULT_REQUEST_URI_EXPIRES_IN;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new RangeError('expires_in must be a positive integer');
  return { request_uri: input.requestUri, expires_in: expiresIn };
}

/**
 * Reads an authorization request that refers to a pushed request (RFC 9126 §4): `client_id` and `request_uri`
 * (`urn:ietf:params:oauth:request_uri:<reference>`); other parameters are ignored because only the pushed ones
 * count. Returns the reference to look up. The caller must then refuse, with `invalid_request_uri`, an unknown,
 * expired or already used reference, or one pushed by another `client_id` — as a 400 page, never a redirect.
 * Errors here are `invalid_request` / `invalid_request_uri` without redirect (nothing is trusted yet).
 */
export function parseRequestUriReference(input: RequestParams): { clientId: string; requestUri: string; reference: string } {
  let clientId: string | undefined;
  let requestUri: string | undefined;
  try {
    const params = toParamMap(input);
    clientId = singleParam(params, 'client_id');
    requestUri = singleParam(params, 'request_uri');
  } catch (e) {
    if (e instanceof ParamError) throw new OAuth2Error('invalid_request', e.message);
    throw e;
  }
  if (requestUri === undefined) throw new OAuth2Error('invalid_request', 'request_uri is required');
  if (clientId === undefined || !isVsChars(clientId, 512))
    throw new OAuth2Error('invalid_request', 'client_id is required with request_uri');
  const reference = requestUri.startsWith(REQUEST_URI_PREFIX) ? requestUri.slice(REQUEST_URI_PREFIX.length) : '';
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(reference))
    throw new OAuth2Error('invalid_request_uri', 'request_uri is not a request URI of this server');
  return { clientId, requestUri, reference };
}
