import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { OutboundRefused, pinnedLookup, type OutboundGuard } from './outbound-guard';

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

/** The call was made but did not complete (network error, timeout, oversized answer, aborted). */
export class OutboundCallFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundCallFailed';
  }
}

function headerList(headers: IncomingHttpHeaders): [string, string][] {
  return Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): [string, string] => [name, v]) : [[name, String(value)]],
  );
}

/**
 * A `fetch` for outbound protocol calls (identity provider discovery, JWKS, token and userinfo requests): the host
 * must pass the SSRF guard and the connection uses the addresses it checked (no DNS rebinding); redirects are
 * returned, never followed; time and response size are bounded. Errors name the URL without user info or query.
 */
export function createGuardedFetch(options: GuardedFetchOptions): (input: string | URL, init?: GuardedFetchInit) => Promise<Response> {
  return async (input, init = {}) => {
    const target = new URL(String(input));
    const shown = `${target.origin}${target.pathname}`;
    if (
      target.protocol === 'http:'
        ? !(options.allowHttpForListedHosts && options.guard.isListed(target.hostname))
        : target.protocol !== 'https:'
    )
      throw new OutboundRefused(`${shown}: only https is allowed (http only for hosts in OUTBOUND_ALLOWED_HOSTS)`);
    const addresses = await options.guard.check(target.hostname);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).entries());
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, response?: Response) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        init.signal?.removeEventListener('abort', aborted);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(response!);
      };
      const req = request(target, { method: init.method ?? 'GET', headers, lookup: pinnedLookup(addresses) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) finish(new OutboundCallFailed(`${shown} answered more than ${options.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          finish(undefined, new Response(payload, { status, headers: headerList(res.headers) }));
        });
        res.on('error', (error) => finish(error));
      });
      const deadline = setTimeout(
        () => finish(new OutboundCallFailed(`${shown} did not answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const aborted = () => finish(new OutboundCallFailed(`${shown}: request aborted`));
      init.signal?.addEventListener('abort', aborted);
      req.on('error', (error) => finish(new OutboundCallFailed(`${shown}: ${error.message}`, { cause: error })));
      req.end(body);
    });
  };
}
