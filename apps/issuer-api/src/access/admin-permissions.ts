import type { Role } from './role';

/** Resources that belong to an issuer or to the platform (API.md §13 ownership); their owners are in issuer_api. */
export type OwnedKind = 'key' | 'did' | 'certificate';

/**
 * What a route needs: a role, and where the issuer it acts on comes from.
 * - `platform`: deployment-wide (API keys, retention); only `platform-admin`.
 * - `issuer`: the issuer named by the path parameter `issuerId`.
 * - `new-issuer`: the issuer the body's `id` creates.
 * - `issuer-or-platform`: a resource created for the issuer in the body's `issuerId`; without it the resource
 *   belongs to the platform, which only `platform-admin` may create.
 * - `owned`: an existing key, DID or certificate named by the path parameter `param`; its owner is the issuer.
 * - `any`: the role on any issuer; the handler answers only what is in the principal's scope (listings).
 * `stream`: an SSE route that also opens with `?token=` minted for exactly that stream (events/stream-token.service.ts).
 */
export type Permission =
  | { role: 'platform-admin'; scope: 'platform' }
  | { role: Role; scope: 'issuer'; issuerParam: 'issuerId'; stream?: true }
  | { role: Role; scope: 'new-issuer'; issuerField: 'id' }
  | { role: Role; scope: 'issuer-or-platform'; issuerField: 'issuerId' }
  | { role: Role; scope: 'owned'; resource: OwnedKind; param: string }
  | { role: Role; scope: 'any' };

const platform = { role: 'platform-admin', scope: 'platform' } as const;
const issuer = (role: Role) => ({ role, scope: 'issuer', issuerParam: 'issuerId' }) as const;
const stream = (role: Role) => ({ role, scope: 'issuer', issuerParam: 'issuerId', stream: true }) as const;
const createdFor = (role: Role) => ({ role, scope: 'issuer-or-platform', issuerField: 'issuerId' }) as const;
const owned = (role: Role, resource: OwnedKind, param: string) => ({ role, scope: 'owned', resource, param }) as const;
const anyIssuer = (role: Role) => ({ role, scope: 'any' }) as const;

/**
 * Every admin route, keyed `'<METHOD> <route>'` exactly as Fastify knows the route (`request.routeOptions.url`).
 * The one place that says who may do what: AccessGuard enforces it on every request under `/api/`, and a route
 * missing here is refused (and fails access-control.spec.ts and the permission matrix e2e).
 */
export const ADMIN_PERMISSIONS: Readonly<Record<string, Permission>> = {
  // The caller and this table, for consoles deciding what to show (access/access.controller.ts).
  'GET /api/v1/me': anyIssuer('viewer'),
  'GET /api/v1/permissions': anyIssuer('viewer'),

  'POST /api/v1/api-keys': platform,
  'GET /api/v1/api-keys': platform,
  'DELETE /api/v1/api-keys/:apiKeyId': platform,

  'POST /api/v1/keys': createdFor('issuer-admin'),
  'POST /api/v1/keys/import': createdFor('issuer-admin'),
  'GET /api/v1/keys': anyIssuer('viewer'),
  'GET /api/v1/keys/:keyId': owned('viewer', 'key', 'keyId'),
  'POST /api/v1/keys/:keyId/disable': owned('issuer-admin', 'key', 'keyId'),
  'POST /api/v1/keys/:keyId/enable': owned('issuer-admin', 'key', 'keyId'),
  'DELETE /api/v1/keys/:keyId': owned('issuer-admin', 'key', 'keyId'),
  // Which issuers, profiles, DIDs and status lists use the key (keys/key-usage.controller.ts).
  'GET /api/v1/keys/:keyId/usage': owned('viewer', 'key', 'keyId'),

  'POST /api/v1/certificates': createdFor('issuer-admin'),
  'POST /api/v1/certificates/import': createdFor('issuer-admin'),
  'GET /api/v1/certificates': anyIssuer('viewer'),
  'GET /api/v1/certificates/:certificateId': owned('viewer', 'certificate', 'certificateId'),

  'POST /api/v1/dids': createdFor('issuer-admin'),
  'GET /api/v1/dids': anyIssuer('viewer'),
  // Resolution answers public DID documents, whoever owns them.
  'GET /api/v1/dids/resolve': anyIssuer('viewer'),
  'DELETE /api/v1/dids/*': owned('issuer-admin', 'did', '*'),

  'POST /api/v1/issuers': { role: 'issuer-admin', scope: 'new-issuer', issuerField: 'id' },
  'GET /api/v1/issuers': anyIssuer('viewer'),
  'GET /api/v1/issuers/:issuerId': issuer('viewer'),
  'PUT /api/v1/issuers/:issuerId': issuer('issuer-admin'),
  'DELETE /api/v1/issuers/:issuerId': issuer('issuer-admin'),

  'POST /api/v1/issuers/:issuerId/profiles': issuer('issuer-admin'),
  'GET /api/v1/issuers/:issuerId/profiles': issuer('viewer'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId': issuer('viewer'),
  'PUT /api/v1/issuers/:issuerId/profiles/:profileId': issuer('issuer-admin'),
  'DELETE /api/v1/issuers/:issuerId/profiles/:profileId': issuer('issuer-admin'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId/versions': issuer('viewer'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId/versions/:version': issuer('viewer'),
  // Shows what an offer's credential would carry: for whoever may create offers.
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/preview': issuer('offer-manager'),

  'POST /api/v1/issuers/:issuerId/users': issuer('issuer-admin'),
  'GET /api/v1/issuers/:issuerId/users': issuer('viewer'),
  'GET /api/v1/issuers/:issuerId/users/:username': issuer('viewer'),
  'PUT /api/v1/issuers/:issuerId/users/:username': issuer('issuer-admin'),
  'DELETE /api/v1/issuers/:issuerId/users/:username': issuer('issuer-admin'),

  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers': issuer('offer-manager'),
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers/batch': issuer('offer-manager'),

  'GET /api/v1/issuers/:issuerId/sessions': issuer('viewer'),
  'GET /api/v1/issuers/:issuerId/sessions/:sessionId': issuer('viewer'),
  // Purging a session deletes personal data ahead of retention: an administrator's decision.
  'DELETE /api/v1/issuers/:issuerId/sessions/:sessionId': issuer('issuer-admin'),
  // Approving deferred issuance completes an offer.
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/credential-data': issuer('offer-manager'),
  'PUT /api/v1/issuers/:issuerId/sessions/:sessionId/status': issuer('status-manager'),
  'PUT /api/v1/issuers/:issuerId/credentials/:credentialId/status': issuer('status-manager'),

  // A stream token opens exactly its stream, so minting one needs what reading the stream needs.
  'GET /api/v1/issuers/:issuerId/sessions/:sessionId/events': stream('viewer'),
  'GET /api/v1/issuers/:issuerId/events': stream('viewer'),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/events/token': issuer('viewer'),
  'POST /api/v1/issuers/:issuerId/events/token': issuer('viewer'),

  'GET /api/v1/issuers/:issuerId/sessions/:sessionId/deliveries': issuer('viewer'),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/deliveries/:eventId/redeliver': issuer('offer-manager'),
  // The status only (never the secret); rotating shows the new secret.
  'GET /api/v1/issuers/:issuerId/webhook-secret': issuer('viewer'),
  'POST /api/v1/issuers/:issuerId/webhook-secret': issuer('issuer-admin'),

  'GET /api/v1/retention': platform,
  'PUT /api/v1/retention': platform,
  'POST /api/v1/retention/runs': platform,
  'GET /api/v1/retention/runs': platform,

  // Dashboard counts over the issuers in scope; ?issuerId= out of scope is a 404 (stats/stats.controller.ts).
  'GET /api/v1/stats': anyIssuer('viewer'),

  // Every record for platform-admin; an issuer-admin reads those of its issuers only (audit/audit.controller.ts).
  'GET /api/v1/audit': anyIssuer('issuer-admin'),
};

/**
 * Routes under `/api/` that are public by design and served outside Nest (no guard runs there): the OpenAPI
 * document and its Swagger UI. Listed so the served-route check can tell them from a forgotten admin route.
 */
export const PUBLIC_API_ROUTE = /^\/api\/(docs(\/.*)?|openapi\.(json|yaml))$/;

/** The permission of a served route; HEAD (answered by the GET handler) needs what GET needs. */
export function permissionFor(method: string, route: string): Permission | undefined {
  const key = `${method === 'HEAD' ? 'GET' : method} ${route}`;
  return Object.hasOwn(ADMIN_PERMISSIONS, key) ? ADMIN_PERMISSIONS[key] : undefined;
}
