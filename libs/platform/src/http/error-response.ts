import { HttpException } from '@nestjs/common';
import { BusError, type BusErrorCode } from '@issuer/contracts';
import { AppError, APP_ERROR_STATUS, type AppErrorCode, type FieldError } from '../errors/app-error';
import { appErrorForSqlState } from '../errors/sql-state';
import { isDatabaseUnavailable } from '../database/database-unavailable';

export interface ErrorResponse {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Anything carrying an OAuth/OID4VCI error code and status (e.g. Oid4vciError), matched structurally. */
interface OAuthLikeError {
  error: string;
  status: number;
  message: string;
  headers?: Record<string, string>;
}
function isOAuthLike(error: unknown): error is OAuthLikeError {
  const e = error as Partial<OAuthLikeError> | null;
  return !!e && typeof e.error === 'string' && typeof e.status === 'number';
}

const BUS_TO_APP: Record<BusErrorCode, AppErrorCode> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNSUPPORTED: 'VALIDATION_FAILED',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Reduces any thrown value to status, message and field errors, with 5xx details hidden. */
function classify(error: unknown): {
  status: number;
  detail: string;
  errors?: FieldError[];
  oauth?: OAuthLikeError;
  headers?: Readonly<Record<string, string>>;
} {
  const fromSqlState = appErrorForSqlState(error);
  if (fromSqlState) return { status: fromSqlState.status, detail: fromSqlState.message };
  if (error instanceof AppError) return { status: error.status, detail: error.message, errors: error.errors, headers: error.headers };
  if (error instanceof BusError) {
    const status = APP_ERROR_STATUS[BUS_TO_APP[error.code]];
    return { status, detail: status >= 500 ? 'A backing service is unavailable' : error.message, errors: error.errors };
  }
  if (isOAuthLike(error)) return { status: error.status, detail: error.message, oauth: error };
  if (error instanceof HttpException) return { status: error.getStatus(), detail: error.message };
  const fastifyStatus = (error as { statusCode?: number } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, detail: (error as Error).message };
  }
  if (isDatabaseUnavailable(error)) return { status: 503, detail: 'The database is unavailable; retry later' };
  return { status: 500, detail: 'Internal error' };
}

/** problem+json (RFC 9457) for the admin API. */
export function problemResponse(error: unknown): ErrorResponse {
  const { status, detail, errors, headers: own } = classify(error);
  const headers: Record<string, string> = withRetryAfter(status, { ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}), ...own });
  return {
    status,
    contentType: 'application/problem+json',
    headers,
    body: { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, errors: errors ?? [] },
  };
}

/**
 * The code of a malformed request (a body that is not JSON, a wrong media type, one too large) at each wallet
 * endpoint: OID4VCI 1.0 defines `invalid_credential_request` for the credential and deferred endpoints (§8.3.1.2,
 * §9.3) and `invalid_notification_request` for the notification endpoint (§11.3); elsewhere `invalid_request`.
 */
function malformedRequestCode(url: string): string {
  const path = url.split('?')[0];
  if (/\/issuers\/[^/]+\/(deferred_)?credential$/.test(path)) return 'invalid_credential_request';
  if (/\/issuers\/[^/]+\/notification$/.test(path)) return 'invalid_notification_request';
  return 'invalid_request';
}

/** `{error, error_description}` (RFC 6749 §5.2, OID4VCI §8.3) for wallet-facing and public paths. */
export function oauthResponse(error: unknown, url = ''): ErrorResponse {
  const { status: classified, detail, errors, oauth, headers: own } = classify(error);
  // OAuth has no timeout error: a backing service that did not answer in time is `temporarily_unavailable`,
  // the one 5xx answer a wallet can act on (retry after Retry-After).
  const status = classified === 504 ? 503 : classified;
  if (oauth) {
    return {
      status,
      contentType: 'application/json',
      headers: withChallenge(status, oauth.error, oauth.headers ?? {}),
      body: { error: oauth.error, error_description: oauth.message },
    };
  }
  const code =
    status >= 500
      ? status === 503
        ? 'temporarily_unavailable'
        : 'server_error'
      : status === 401
        ? 'invalid_token'
        : status === 429
          ? // Not an RFC 6749 code: API.md §13 names it for the wallet endpoints' rate limits.
            'rate_limited'
          : malformedRequestCode(url);
  const description = errors?.length ? `${detail}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : detail;
  return {
    status,
    contentType: 'application/json',
    headers: withRetryAfter(status, withChallenge(status, code, { ...own })),
    body: { error: code, error_description: sanitize(description) },
  };
}

/**
 * RFC 6750 §3 / RFC 7235 §3.1: every 401 names the authentication scheme in `WWW-Authenticate`; a thrower
 * that set its own challenge (e.g. DPoP with its algorithms) keeps it.
 */
function withChallenge(status: number, code: string, headers: Record<string, string>): Record<string, string> {
  if (status !== 401 || Object.keys(headers).some((name) => name.toLowerCase() === 'www-authenticate')) return headers;
  return { ...headers, 'www-authenticate': `Bearer error="${code}"` };
}

/** A 503 is transient (database or bus outage, a backing service down): RFC 9110 §10.2.3 says when to retry. */
export const RETRY_AFTER_SECONDS = 2;
function withRetryAfter(status: number, headers: Record<string, string>): Record<string, string> {
  return status === 503 ? { ...headers, 'retry-after': String(RETRY_AFTER_SECONDS) } : headers;
}

/** error_description may only use %x20-21 / %x23-5B / %x5D-7E (no quotes or backslashes). */
function sanitize(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, ' ').slice(0, 500);
}

export function errorResponseFor(url: string, error: unknown): ErrorResponse {
  return url.startsWith('/api/') ? problemResponse(error) : oauthResponse(error, url);
}
