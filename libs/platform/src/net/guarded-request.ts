import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { OutboundRefused, type OutboundGuard } from './outbound-guard';

export interface GuardedRequestOptions {
  guard: OutboundGuard;
  /** Bounds the whole exchange, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal | null;
  /** `http:` targets: for `any` host the guard accepts, only for hosts `listed` in OUTBOUND_ALLOWED_HOSTS, or `never` (default). */
  plainHttp?: 'any' | 'listed' | 'never';
  /** Redirects to follow, each hop through the scheme rule and the guard; 0 (default) returns a 3xx as the answer. */
  maxRedirects?: number;
  /** A body over `maxBytes` or broken off after the status line: `fail` (default) rejects, `keep` answers with what was read. */
  partialBody?: 'fail' | 'keep';
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** false when `partialBody: 'keep'` answered with a body cut short. */
  complete: boolean;
  /** The URL that answered (after redirects). */
  url: string;
}

export type OutboundFailure = 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK' | 'ABORTED' | 'INVALID_REQUEST' | 'TOO_MANY_REDIRECTS' | 'STATUS';

/** The call was made but did not complete (network error, timeout, oversized answer, aborted), or answered a refused status. */
export class OutboundCallFailed extends Error {
  constructor(
    readonly code: OutboundFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundCallFailed';
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials for one origin; a redirect elsewhere drops them. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** A URL as errors name it: without user info or query, which may carry credentials. */
export function shownUrl(target: URL): string {
  return `${target.origin}${target.pathname}`;
}

/**
 * The one outbound HTTP client of the platform (data functions, did:web, webhooks, identity providers, status
 * lists; API.md §10). The SSRF guard runs at connect time against the addresses the connection uses (no DNS
 * rebinding), every call opens its own connection (a pooled socket would skip that check), the whole exchange is
 * bounded in time and size, and redirects are returned unless `maxRedirects` allows them. Fails with
 * `OutboundRefused` or `OutboundCallFailed`, whose messages never echo a body.
 */
export async function guardedRequest(address: string | URL, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const deadline = Date.now() + options.timeoutMs;
  let target = new URL(String(address));
  let method = (options.method ?? 'GET').toUpperCase();
  let headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  let body = options.body;
  const maxRedirects = options.maxRedirects ?? 0;
  for (let hop = 0; ; hop++) {
    const answer = await exchange(target, { method, headers, body }, options, deadline);
    const location = answer.headers.location;
    if (!maxRedirects || !location || !REDIRECT_STATUSES.has(answer.status)) return answer;
    if (hop >= maxRedirects)
      throw new OutboundCallFailed('TOO_MANY_REDIRECTS', `${shownUrl(target)} redirected more than ${maxRedirects} times`);
    const next = new URL(location, target);
    if (next.origin !== target.origin) headers = without(headers, ORIGIN_BOUND_HEADERS);
    // As browsers do: 303, and 301/302 after a POST, continue with a GET without the body.
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = without(headers, ['content-type', 'content-length']);
    }
    target = next;
  }
}

function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function checkScheme(target: URL, options: GuardedRequestOptions): void {
  const plainHttp = options.plainHttp ?? 'never';
  if (target.protocol === 'https:') return;
  if (target.protocol === 'http:' && (plainHttp === 'any' || (plainHttp === 'listed' && options.guard.isListed(target.hostname)))) return;
  throw new OutboundRefused(
    plainHttp === 'any'
      ? `only http and https URLs are allowed, not ${target.protocol}`
      : `only https is allowed${plainHttp === 'listed' ? ' (http only for hosts in OUTBOUND_ALLOWED_HOSTS)' : ''}, not ${target.protocol}`,
  );
}

async function exchange(
  target: URL,
  call: { method: string; headers: Record<string, string>; body?: string | Buffer },
  options: GuardedRequestOptions,
  deadline: number,
): Promise<GuardedResponse> {
  checkScheme(target, options);
  // Node connects to an IP literal without calling `lookup`: literals are checked here, names by the guard's lookup.
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) await options.guard.check(host);
  const url = shownUrl(target);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (error: Error | undefined, answer?: GuardedResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', aborted);
      req?.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () => finish(new OutboundCallFailed('TIMEOUT', `${url} did not answer within ${options.timeoutMs} ms`)),
      Math.max(0, deadline - Date.now()),
    );
    const aborted = () => finish(new OutboundCallFailed('ABORTED', `${url}: request aborted`));
    if (options.signal?.aborted) return aborted();
    options.signal?.addEventListener('abort', aborted);
    try {
      req = send(target, { method: call.method, headers: call.headers, agent: false, lookup: options.guard.lookup }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const answer = (complete: boolean) =>
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete, url: target.href });
        const cutShort = (error: OutboundCallFailed) => (options.partialBody === 'keep' ? answer(false) : finish(error));
        const tooLarge = () => cutShort(new OutboundCallFailed('TOO_LARGE', `${url} answered more than ${options.maxBytes} bytes`));
        if (Number(res.headers['content-length'] ?? 0) > options.maxBytes) return tooLarge();
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) tooLarge();
          else chunks.push(chunk);
        });
        res.on('end', () => answer(true));
        const broken = (error?: Error) =>
          cutShort(new OutboundCallFailed('NETWORK', `${url}: ${error?.message ?? 'the answer was broken off'}`, { cause: error }));
        res.on('error', broken);
        res.on('close', () => (res.complete ? undefined : broken()));
      });
    } catch (error) {
      // node refuses some header values before sending anything (a newline, characters outside Latin-1).
      const message = `the request could not be made: ${(error as Error).message}`;
      return finish(new OutboundCallFailed('INVALID_REQUEST', message, { cause: error }));
    }
    req.on('error', (error) =>
      finish(error instanceof OutboundRefused ? error : new OutboundCallFailed('NETWORK', `${url}: ${error.message}`, { cause: error })),
    );
    req.end(call.body);
  });
}
