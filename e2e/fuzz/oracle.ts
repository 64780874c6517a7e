import type { Expectation } from './draft';
import type { RawResponse } from './raw-http';

/**
 * What every answer must satisfy (API.md §0, §10, RFC 9457, RFC 6749/6750): never a 5xx, an
 * `x-request-id` on every answer, errors in the format of the path they answer (problem+json under
 * /api/, `{error, error_description?}` with a known OAuth/OID4VCI code elsewhere), `WWW-Authenticate` on
 * a 401, and the status the mutation demands (a refusal, or e.g. 413 for a body over 1 MiB).
 */

/**
 * OAuth 2.0 (RFC 6749/6750/9449/9126, RFC 9396 authorization details, RFC 8707 resource indicators, client
 * attestation) and OID4VCI 1.0 error codes, plus API.md's `rate_limited`.
 */
export const OAUTH_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'invalid_scope',
  'invalid_authorization_details',
  'invalid_target',
  'use_attestation_challenge',
  'invalid_token',
  'insufficient_scope',
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'invalid_request_uri',
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
  'invalid_transaction_id',
  'invalid_notification_id',
  'invalid_notification_request',
  'rate_limited',
]);

export type ErrorFormat = 'problem' | 'oauth' | 'either';

/** Which error format a request target is answered in: by its path as sent, before any normalisation. */
export function formatFor(target: string): ErrorFormat {
  if (target.startsWith('/api/')) return 'problem';
  const path = target.split('?')[0].toLowerCase();
  // A mutated path that still mentions /api/ somewhere may be routed either way.
  return path.includes('/api/') || path.includes('%2fapi') ? 'either' : 'oauth';
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function problemErrors(response: RawResponse): string[] {
  const problems: string[] = [];
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/problem+json')) problems.push(`content-type ${JSON.stringify(type)} (want application/problem+json)`);
  const json = parseJson(response.body) as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return [...problems, 'body is not a JSON object'];
  if (typeof json.type !== 'string') problems.push('no "type"');
  if (typeof json.title !== 'string' || !json.title) problems.push('no "title"');
  if (json.status !== response.status) problems.push(`"status" ${JSON.stringify(json.status)} ≠ ${response.status}`);
  if (typeof json.detail !== 'string') problems.push('no "detail"');
  if (!Array.isArray(json.errors)) problems.push('no "errors" array');
  else if (json.errors.some((e: unknown) => typeof (e as Record<string, unknown>)?.message !== 'string'))
    problems.push('"errors" item without a message');
  return problems;
}

function oauthErrors(response: RawResponse): string[] {
  const problems: string[] = [];
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) problems.push(`content-type ${JSON.stringify(type)} (want application/json)`);
  const json = parseJson(response.body) as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return [...problems, 'body is not a JSON object'];
  if (!OAUTH_ERROR_CODES.has(json.error as string)) problems.push(`"error" ${JSON.stringify(json.error)} is no OAuth/OID4VCI code`);
  if (json.error_description !== undefined && typeof json.error_description !== 'string') problems.push('"error_description" not a string');
  return problems;
}

/**
 * The browser steps of the authorization code flow (API.md §11) answer what cannot go back to the wallet with a small
 * HTML page (always at `/login`, at `/authorize` and `/idp-callback` when the browser asks for HTML).
 */
function isBrowserStep(target: string): boolean {
  return /\/(authorize|idp-callback|login\/[^/]*)$/.test(target.split('?')[0].toLowerCase());
}

function pageErrors(response: RawResponse): string[] {
  const problems: string[] = [];
  if (!(response.headers['content-type'] ?? '').startsWith('text/html'))
    problems.push(`content-type ${JSON.stringify(response.headers['content-type'] ?? '')} (want text/html)`);
  if (!response.body.length) problems.push('an empty error page');
  return problems;
}

/** Everything wrong with an answer to a request sent to `target` with HTTP method `method`. */
export function judge(method: string, target: string, expect: Expectation, response: RawResponse): string[] {
  const problems: string[] = [];
  const { status } = response;
  if (status >= 500) problems.push(`status ${status}`);
  if (!response.headers['x-request-id']) problems.push('no x-request-id');
  if (typeof expect === 'number' && status !== expect) problems.push(`status ${status}, want ${expect}`);
  if (expect === 'refuse' && status < 400) problems.push(`status ${status}, but the request must be refused`);
  if (status === 401 && !/^(Bearer|DPoP)\b/i.test(response.headers['www-authenticate'] ?? ''))
    problems.push('401 without WWW-Authenticate: Bearer/DPoP');
  if (status >= 400 && method !== 'HEAD' && !response.stream) {
    const format = formatFor(target);
    const asProblem = problemErrors(response);
    const asOauth = oauthErrors(response);
    if (format === 'problem') problems.push(...asProblem);
    else if (format === 'oauth' && isBrowserStep(target)) {
      const asPage = pageErrors(response);
      if (asOauth.length && asPage.length) problems.push(`neither an OAuth error (${asOauth[0]}) nor an error page (${asPage[0]})`);
    } else if (format === 'oauth') problems.push(...asOauth);
    else if (asProblem.length && asOauth.length) problems.push(`neither problem+json (${asProblem[0]}) nor an OAuth error (${asOauth[0]})`);
  }
  if (status >= 200 && status < 300 && /json/.test(response.headers['content-type'] ?? '') && method !== 'HEAD' && response.body.length)
    if (parseJson(response.body) === undefined) problems.push('a JSON content-type with a body that is not JSON');
  return problems;
}
