import type { IncomingHttpHeaders } from 'node:http';
import type { OutboundGuard } from './outbound-guard';
import { guardedRequest } from './guarded-request';

export interface GuardedFetchOptions {
  guard: OutboundGuard;
  timeoutMs: number;
  maxBytes: number;
  /** `http:` targets are allowed only for hosts listed in OUTBOUND_ALLOWED_HOSTS (loopback in tests); else `https:` only. */
  allowHttpForListedHosts?: boolean;
}

/** The part of `fetch`'s init that server-to-server protocol clients (openid-client) use. */
export interface GuardedFetchInit {
  method?: string;
  headers?: Record<string, string> | Headers | [string, string][];
  body?: string | URLSearchParams | null;
  signal?: AbortSignal | null;
}

/** Statuses whose Response must have a null body (the Fetch standard's "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function headerList(headers: IncomingHttpHeaders): [string, string][] {
  return Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): [string, string] => [name, v]) : [[name, String(value)]],
  );
}

/**
 * `guardedRequest` shaped as `fetch`, for protocol libraries that take one (openid-client, jose's remote key
 * sets): identity provider discovery, JWKS, token and userinfo requests. Redirects are returned, never followed.
 */
export function createGuardedFetch(options: GuardedFetchOptions): (input: string | URL, init?: GuardedFetchInit) => Promise<Response> {
  return async (input, init = {}) => {
    const answer = await guardedRequest(input, {
      guard: options.guard,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      plainHttp: options.allowHttpForListedHosts ? 'listed' : 'never',
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).entries()),
      body: init.body === undefined || init.body === null ? undefined : String(init.body),
      signal: init.signal,
    });
    const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
    return new Response(body, { status: answer.status, headers: headerList(answer.headers) });
  };
}
