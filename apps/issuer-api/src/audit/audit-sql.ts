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

/**
 * `auditInsertSql` for many records in one statement (records written after the fact by concurrent requests share it),
 * in the given order. A record named twice is written once, like a record already in the table.
 */
export function auditInsertManySql(records: AuditRecord[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const add = (value: unknown) => (values.push(value), `$${values.length}`);
  const { ctes, outboxInsert } = auditInsertParts(records, add);
  return { text: `WITH ${ctes} ${outboxInsert}`, values };
}

/**
 * The parts of `auditInsertManySql` for a statement that makes a change and records it (offer creation): CTEs
 * `audit_input` and `audit_rows` (to go into the statement's WITH list) and the INSERT of the outbox rows (a CTE of
 * its own there). `add` takes the records' one JSON parameter and returns its placeholder.
 */
export function auditInsertParts(records: AuditRecord[], add: (value: unknown) => string): { ctes: string; outboxInsert: string } {
  const input = records.map((record, ord) => ({
    ord,
    audit_id: record.auditId,
    at: record.at,
    actor_type: record.actor.type,
    actor_id: record.actor.id,
    action: record.action,
    target_type: record.target.type,
    target_id: record.target.id ?? null,
    outcome: record.outcome,
    issuer_id: record.issuerId ?? null,
    request_id: record.requestId,
    address: record.address,
    subject: auditSubject(record.issuerId, record.action),
    payload: record,
  }));
  const ctes = `audit_input AS (
      SELECT DISTINCT ON (audit_id) * FROM jsonb_to_recordset(${add(JSON.stringify(input))}::jsonb) AS x(ord int, audit_id uuid, at timestamptz,
        actor_type text, actor_id text, action text, target_type text, target_id text, outcome text, issuer_id text, request_id text,
        address text, subject text, payload jsonb)
      ORDER BY audit_id, ord),
    audit_rows AS (
      INSERT INTO ${AUDIT_TABLE} (audit_id, at, actor_type, actor_id, action, target_type, target_id, outcome, issuer_id, request_id, address)
      SELECT audit_id, at, actor_type, actor_id, action, target_type, target_id, outcome, issuer_id, request_id, address FROM audit_input ORDER BY ord
      ON CONFLICT (audit_id) DO NOTHING RETURNING audit_id)`;
  const outboxInsert = `INSERT INTO ${AUDIT_OUTBOX_TABLE} (id, subject, event, issuer_id, payload)
    SELECT i.audit_id, i.subject, i.action, i.issuer_id, i.payload FROM audit_input i JOIN audit_rows USING (audit_id) ORDER BY i.ord`;
  return { ctes, outboxInsert };
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
