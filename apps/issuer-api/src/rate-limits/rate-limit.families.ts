/**
 * Which requests are rate limited, by route family (API.md §13):
 * - `wallet`: the wallet endpoints that create state (a pushed request, a nonce and its event, tokens and
 *   sessions, a login state, a login attempt, a wallet's answer), per client address. Reads (metadata, offers,
 *   `/request/{id}`) and the resource endpoints (`/credential`, `/deferred_credential`, `/notification`) are not:
 *   they need an access token, which only the token endpoint (limited) or an external authorization server hands out.
 *   The external AS mode creates a session at a token's first credential request, but at most one per token the AS
 *   signed (keyed by the token's hash), so it is bounded by that AS's issuance, not by this edge.
 * - `admin`: every admin API route, per principal.
 * Routes are matched by their pattern (Fastify's `routeOptions.url`), so a limited route is listed here, not in its
 * controller.
 */
export type RateLimitFamily = 'wallet' | 'admin';

const WALLET_STATE_ROUTES = new Set([
  'POST /issuers/:issuerId/par',
  'POST /issuers/:issuerId/nonce',
  'POST /issuers/:issuerId/token',
  'GET /issuers/:issuerId/authorize',
  'POST /issuers/:issuerId/login/:loginId',
  'POST /issuers/:issuerId/direct_post',
]);

/** The family of a routed request; undefined: not limited. */
export function rateLimitFamilyOf(method: string, route: string | undefined): RateLimitFamily | undefined {
  if (route === undefined) return undefined;
  if (route === '/api' || route.startsWith('/api/')) return 'admin';
  // Fastify answers HEAD with the GET route's handler: it starts an authorization just the same.
  return WALLET_STATE_ROUTES.has(`${method === 'HEAD' ? 'GET' : method} ${route}`) ? 'wallet' : undefined;
}
