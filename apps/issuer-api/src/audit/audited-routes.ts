/**
 * Where a record's target id comes from: a path parameter, a field of the answer (the id of what the request
 * created), or a fixed value. Never the body: bodies carry secrets and credential data.
 */
export type TargetIdSource = { param: string } | { response: string } | { value: string };

/** What one admin route does, for its audit records (API.md §13). */
export interface AuditedRoute {
  /** `<noun>.<verb>`, the last tokens of the AUDIT_EVENTS subject. */
  action: string;
  target: { type: string; id?: TargetIdSource };
}

const change = (action: string, type: string, id?: TargetIdSource): AuditedRoute => ({ action, target: { type, ...(id ? { id } : {}) } });
const param = (name: string): TargetIdSource => ({ param: name });
const created = (field: string): TargetIdSource => ({ response: field });

/**
 * Every admin route that changes something, keyed `'<METHOD> <route>'` like access/admin-permissions.ts: every route of
 * that table but the reads (GET). audited-routes.spec.ts fails when a change route of the permission table is missing
 * here, so a new admin change cannot go unrecorded by oversight.
 */
export const AUDITED_ROUTES: Readonly<Record<string, AuditedRoute>> = {
  'POST /api/v1/api-keys': change('api-key.create', 'api-key', created('apiKeyId')),
  'DELETE /api/v1/api-keys/:apiKeyId': change('api-key.revoke', 'api-key', param('apiKeyId')),

  'POST /api/v1/keys': change('key.create', 'key', created('keyId')),
  'POST /api/v1/keys/import': change('key.import', 'key', created('keyId')),
  'POST /api/v1/keys/:keyId/disable': change('key.disable', 'key', param('keyId')),
  'POST /api/v1/keys/:keyId/enable': change('key.enable', 'key', param('keyId')),
  'DELETE /api/v1/keys/:keyId': change('key.delete', 'key', param('keyId')),

  'POST /api/v1/certificates': change('certificate.create', 'certificate', created('certificateId')),
  'POST /api/v1/certificates/import': change('certificate.import', 'certificate', created('certificateId')),

  'POST /api/v1/dids': change('did.create', 'did', created('did')),
  'DELETE /api/v1/dids/*': change('did.delete', 'did', param('*')),

  'POST /api/v1/issuers': change('issuer.create', 'issuer', created('id')),
  'PUT /api/v1/issuers/:issuerId': change('issuer.update', 'issuer', param('issuerId')),
  'DELETE /api/v1/issuers/:issuerId': change('issuer.delete', 'issuer', param('issuerId')),

  'POST /api/v1/issuers/:issuerId/profiles': change('profile.create', 'profile', created('profileId')),
  'PUT /api/v1/issuers/:issuerId/profiles/:profileId': change('profile.update', 'profile', param('profileId')),
  'DELETE /api/v1/issuers/:issuerId/profiles/:profileId': change('profile.delete', 'profile', param('profileId')),
  // Changes nothing, but runs the profile's data functions on data the caller typed: who looked, at which profile.
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/preview': change('profile.preview', 'profile', param('profileId')),

  'POST /api/v1/issuers/:issuerId/users': change('user.create', 'user', created('username')),
  'PUT /api/v1/issuers/:issuerId/users/:username': change('user.update', 'user', param('username')),
  'DELETE /api/v1/issuers/:issuerId/users/:username': change('user.delete', 'user', param('username')),

  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers': change('offer.create', 'session', created('sessionId')),
  // Up to 1000 sessions at once: the record names the profile they were made from.
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers/batch': change('offer.create-batch', 'profile', param('profileId')),

  'DELETE /api/v1/issuers/:issuerId/sessions/:sessionId': change('session.purge', 'session', param('sessionId')),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/credential-data': change('credential-data.supply', 'session', param('sessionId')),
  'PUT /api/v1/issuers/:issuerId/sessions/:sessionId/status': change('credential.status.change', 'session', param('sessionId')),
  'PUT /api/v1/issuers/:issuerId/credentials/:credentialId/status': change('credential.status.change', 'credential', param('credentialId')),

  // A stream token reads a stream for a minute: who minted one, for which stream (never the token).
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/events/token': change('stream-token.create', 'session', param('sessionId')),
  'POST /api/v1/issuers/:issuerId/events/token': change('stream-token.create', 'issuer', param('issuerId')),

  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/deliveries/:eventId/redeliver': change(
    'webhook.redeliver',
    'event',
    param('eventId'),
  ),
  'POST /api/v1/issuers/:issuerId/webhook-secret': change('webhook-secret.rotate', 'webhook-secret', param('issuerId')),

  'PUT /api/v1/retention': change('retention.config.update', 'retention-config', { value: 'deployment' }),
  'POST /api/v1/retention/runs': change('retention.run', 'retention-run', created('runId')),
};

/**
 * The audit entry of a served admin route; undefined for reads (GET, and HEAD which GET answers), which are never
 * recorded. A change route missing from the table (the spec prevents it) is still recorded, under `admin.change`.
 */
export function auditedRouteOf(method: string, route: string): AuditedRoute | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const key = `${method} ${route}`;
  return Object.hasOwn(AUDITED_ROUTES, key) ? AUDITED_ROUTES[key] : change('admin.change', 'route', { value: key });
}
