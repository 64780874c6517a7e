import { randomUUID } from 'node:crypto';
import type { AuditOutcome, AuditRecord } from '@issuer/contracts';
import type { OwnedKind, Permission } from '../access/admin-permissions';
import type { Principal } from '../access/principal';
import { issuerIdSchema } from '../issuers/issuer-config.schema';
import type { AuditedRoute } from './audited-routes';

/** A record before its outcome is known: everything the request itself says. */
export type AuditDraft = Omit<AuditRecord, 'at' | 'outcome'>;

/** The parts of a request a record is made of; the body is not among them (it may hold secrets). */
export interface AuditedRequest {
  route: AuditedRoute;
  principal: Pick<Principal, 'type' | 'id'>;
  params: Record<string, string | undefined>;
  requestId: string;
  address: string;
  issuerId?: string;
}

/** Path parameters are bounded by the URL limit already; this keeps a record small whatever the route. */
const MAX_ID_LENGTH = 512;
/** What PostgreSQL text cannot hold (NUL, a lone UTF-16 surrogate): a decoded `%00` in a path must not lose the record. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** An id as a record can always store it: bounded, with unstorable characters replaced by U+FFFD. */
export function storableId(value: string): string {
  return value.slice(0, MAX_ID_LENGTH).replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

const bounded = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? storableId(value) : undefined);

export function auditDraft(request: AuditedRequest): AuditDraft {
  const { route, principal } = request;
  const source = route.target.id;
  const id = source && !('response' in source) ? ('param' in source ? bounded(request.params[source.param]) : source.value) : undefined;
  return {
    auditId: randomUUID(),
    actor: { type: principal.type, id: storableId(principal.id) },
    action: route.action,
    target: { type: route.target.type, ...(id !== undefined ? { id } : {}) },
    ...(request.issuerId !== undefined ? { issuerId: storableId(request.issuerId) } : {}),
    requestId: request.requestId,
    address: request.address,
  };
}

/** The id of what a request created, read from exactly the one field of the answer its route names. */
export function createdIdOf(route: AuditedRoute, response: unknown): string | undefined {
  const source = route.target.id;
  if (!source || !('response' in source) || response === null || typeof response !== 'object') return undefined;
  return bounded((response as Record<string, unknown>)[source.response]);
}

/** The record of an outcome; `createdId` names what a successful creation made. */
export function auditRecord(draft: AuditDraft, outcome: AuditOutcome, createdId?: string, at = new Date()): AuditRecord {
  const target = draft.target.id === undefined && createdId !== undefined ? { ...draft.target, id: createdId } : draft.target;
  return { ...draft, target, at: at.toISOString(), outcome };
}

/**
 * Which issuer a change acts on, from the same places the permission table takes it from (access-decision.ts): the
 * path, the id fields of the body it names (only when they are well-formed issuer ids), or the owner of a key, DID or
 * certificate, which the caller looks up. Deployment-wide routes act on no issuer.
 */
export function auditIssuerOf(
  permission: Permission,
  params: Record<string, string | undefined>,
  body: unknown,
): { issuerId?: string; owned?: { kind: OwnedKind; id: string } } {
  switch (permission.scope) {
    case 'issuer':
      return { issuerId: params[permission.issuerParam] };
    case 'new-issuer':
    case 'issuer-or-platform': {
      const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[permission.issuerField] : undefined;
      const parsed = issuerIdSchema.safeParse(value);
      return parsed.success ? { issuerId: parsed.data } : {};
    }
    case 'owned':
      return { owned: { kind: permission.resource, id: params[permission.param] ?? '' } };
    case 'platform':
    case 'any':
      return {};
  }
}
