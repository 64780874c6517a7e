import { auditSubject, type AuditRecord } from '@issuer/contracts';

export const AUDIT_TABLE = 'issuer_api.audit';
/** The platform outbox (libs/platform outbox-table.ts) relayed to AUDIT_EVENTS. */
export const AUDIT_OUTBOX_TABLE = 'issuer_api.audit_outbox';

/**
 * One statement appending a record and its AUDIT_EVENTS outbox row, so the two commit together with whatever
 * transaction runs it. A record already written under the same auditId (the change's own transaction wrote it)
 * makes this a no-op: a change gets exactly one record, whichever of its writers commits first.
 */
export function auditInsertSql(record: AuditRecord): { text: string; values: unknown[] } {
  const text = `WITH a AS (
      INSERT INTO ${AUDIT_TABLE} (audit_id, at, actor_type, actor_id, action, target_type, target_id, outcome, issuer_id, request_id, address)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (audit_id) DO NOTHING RETURNING audit_id)
    INSERT INTO ${AUDIT_OUTBOX_TABLE} (id, subject, event, issuer_id, payload) SELECT audit_id, $12, $5, $9, $13 FROM a`;
  return {
    text,
    values: [
      record.auditId,
      record.at,
      record.actor.type,
      record.actor.id,
      record.action,
      record.target.type,
      record.target.id ?? null,
      record.outcome,
      record.issuerId ?? null,
      record.requestId,
      record.address,
      auditSubject(record.issuerId, record.action),
      JSON.stringify(record),
    ],
  };
}

/** A row of issuer_api.audit as the API shows it (the AUDIT_EVENTS payload has the same shape). */
export interface AuditRow {
  seq: string;
  audit_id: string;
  at: Date;
  actor_type: AuditRecord['actor']['type'];
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string | null;
  outcome: AuditRecord['outcome'];
  issuer_id: string | null;
  request_id: string;
  address: string;
}

export const AUDIT_COLUMNS =
  'seq, audit_id, at, actor_type, actor_id, action, target_type, target_id, outcome, issuer_id, request_id, address';

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    auditId: row.audit_id,
    at: row.at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    target: { type: row.target_type, ...(row.target_id !== null ? { id: row.target_id } : {}) },
    outcome: row.outcome,
    ...(row.issuer_id !== null ? { issuerId: row.issuer_id } : {}),
    requestId: row.request_id,
    address: row.address,
  };
}
