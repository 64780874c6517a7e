/** JetStream stream holding every audit record (API.md §13), apart from ISSUER_EVENTS: other readers, other rights. */
export const AUDIT_EVENTS_STREAM = 'AUDIT_EVENTS';
export const AUDIT_EVENTS_SUBJECT_ROOT = 'audit.events.v1';

export type AuditActorType = 'api-key' | 'admin-key' | 'oidc';
export type AuditOutcome = 'success' | 'denied' | 'failure';

/**
 * One admin change, or one refused attempt at one (API.md §13); the payload of `audit.events.v1.*` and an item of
 * `GET /api/v1/audit`. Ids only, never a secret or credential data: `actor.id` is an API key id, a token `sub` or
 * the fingerprint of a bootstrap key. `target.id` is absent when the change has no id of its own or created nothing.
 * `issuerId` is absent for deployment-wide changes (API keys, retention, platform keys).
 */
export interface AuditRecord {
  auditId: string;
  at: string;
  actor: { type: AuditActorType; id: string };
  action: string;
  target: { type: string; id?: string };
  outcome: AuditOutcome;
  issuerId?: string;
  requestId: string;
  address: string;
}

/** Subject tokens may not contain `.`, `*`, `>` or whitespace; issuer ids are slugs, this guards the rest. */
function token(value: string): string {
  return value.replace(/[.*>\s]/g, '_');
}

/**
 * `audit.events.v1.<issuerId | platform>.<action>`; the action's dots stay (`issuer.create` is two tokens), so
 * `audit.events.v1.acme.>` is everything about acme and `audit.events.v1.*.api-key.>` every API key change.
 */
export function auditSubject(issuerId: string | undefined, action: string): string {
  const actionTokens = action.split('.').map(token).join('.');
  return `${AUDIT_EVENTS_SUBJECT_ROOT}.${issuerId === undefined ? 'platform' : token(issuerId)}.${actionTokens}`;
}
