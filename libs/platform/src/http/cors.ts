import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** Who may read a response from a browser page: any origin (`*`) or these serialized origins. */
export type AllowedOrigins = '*' | ReadonlySet<string>;

/** The CORS answer of one family of paths. */
export interface CorsRule {
  origins: AllowedOrigins;
  /** `Access-Control-Allow-Methods` of a preflight. */
  methods: readonly string[];
  /** `Access-Control-Allow-Headers` of a preflight (request headers the page may send). */
  allowHeaders: readonly string[];
  /** `Access-Control-Expose-Headers` (response headers beyond the CORS-safelisted ones the page may read). */
  exposeHeaders: readonly string[];
  /** `Access-Control-Max-Age` of a preflight. */
  maxAgeSeconds: number;
}

/** The rule of a request path (without its query), or undefined: no CORS at all on that path. */
export type CorsRules = (path: string) => CorsRule | undefined;

/** `scheme://host[:port]` with an optional trailing slash: nothing else (no path, query, user info, `null`). */
const ORIGIN = /^https?:\/\/[^/?#@\s]+\/?$/i;

/**
 * Parses a comma-separated origin list or `*`. Entries are normalised to the serialized origin a browser sends
 * in `Origin` (lower-case scheme and host, punycode, no default port). `*` stands alone; `wildcard: false`
 * refuses it. Throws an Error whose message says what is wrong with which entry.
 */
export function parseAllowedOrigins(value: string, options: { wildcard: boolean }): AllowedOrigins {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('lists no origin');
  if (entries.includes('*')) {
    if (!options.wildcard) throw new Error('`*` is not allowed here: list the origins');
    if (entries.length > 1) throw new Error('`*` cannot be combined with origins');
    return '*';
  }
  const origins = new Set<string>();
  for (const entry of entries) {
    let origin: string | undefined;
    try {
      origin = ORIGIN.test(entry) ? new URL(entry).origin : undefined;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null')
      throw new Error(`"${entry}" is not an origin like https://wallet.example (scheme, host, optional port)`);
    origins.add(origin);
  }
  return origins;
}

/** A variable holding an origin list (or `*` when `wildcard`), as a config schema entry; unset gives undefined. */
export function corsOriginsEnv(options: { wildcard: boolean }) {
  return z
    .string()
    .optional()
    .transform((value, ctx): AllowedOrigins | undefined => {
      if (value === undefined) return undefined;
      try {
        return parseAllowedOrigins(value, options);
      } catch (error) {
        const expected = options.wildcard ? 'comma-separated origins or *' : 'comma-separated origins';
        ctx.addIssue({ code: 'custom', message: `must be ${expected}: ${(error as Error).message}` });
        return z.NEVER;
      }
    });
}

export interface CorsRequest {
  method: string;
  origin?: string;
  /** `Access-Control-Request-Method`: present on a preflight only. */
  requestMethod?: string;
}

/**
 * The CORS headers of an answer (Fetch standard §3.2): `*` goes out on every answer (no credentials are ever
 * allowed, so `*` is valid); with an origin list the matching `Origin` is echoed and every answer, matching or
 * not, carries `Vary: Origin` so that no cache hands one origin's answer to another. `preflight` is true for an
 * OPTIONS request with `Origin` and `Access-Control-Request-Method`: it is answered here, not routed.
 */
export function corsHeaders(rule: CorsRule, request: CorsRequest): { preflight: boolean; headers: Record<string, string> } {
  const preflight = request.method === 'OPTIONS' && !!request.origin && !!request.requestMethod;
  const headers: Record<string, string> = {};
  let allowOrigin: string | undefined;
  if (rule.origins === '*') allowOrigin = '*';
  else {
    headers['vary'] = 'Origin';
    if (request.origin && rule.origins.has(request.origin)) allowOrigin = request.origin;
  }
  if (!allowOrigin) return { preflight, headers };
  headers['access-control-allow-origin'] = allowOrigin;
  if (preflight) {
    headers['access-control-allow-methods'] = rule.methods.join(', ');
    headers['access-control-allow-headers'] = rule.allowHeaders.join(', ');
    headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  } else if (rule.exposeHeaders.length) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  return { preflight, headers };
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * onRequest step: answers a preflight (204) and returns true, or puts the CORS headers on the raw response and
 * returns false. On the raw response they survive whatever answers later: a route, an error filter, the 404
 * handler, a hijacked stream (SSE); Fastify's own headers are merged over them.
 */
export function applyCors(rules: CorsRules, request: FastifyRequest, reply: FastifyReply): boolean {
  const rule = rules(request.url.split('?', 1)[0]);
  if (!rule) return false;
  const { preflight, headers } = corsHeaders(rule, {
    method: request.method,
    origin: one(request.headers.origin),
    requestMethod: one(request.headers['access-control-request-method']),
  });
  if (preflight) {
    reply.code(204).headers(headers).send();
    return true;
  }
  for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value);
  return false;
}

/** onSend step: a route's own `Vary` (e.g. `Accept`) replaces the raw one, so `Origin` is added back to it. */
export function keepVaryOrigin(reply: FastifyReply): void {
  if (reply.raw.getHeader('vary') !== 'Origin') return;
  const vary = reply.getHeader('vary');
  if (typeof vary !== 'string' || /(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) return;
  reply.header('vary', `${vary}, Origin`);
}
