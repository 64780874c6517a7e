import { Inject, Injectable } from '@nestjs/common';
import type { AuditRecord, StatusEntriesUpdateResponse } from '@issuer/contracts';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { auditInsertParts } from '../audit/audit-sql';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { IssuedCredentialRecord } from '../sessions/session.types';

/**
 * Mirrors confirmed status changes into the sessions' `credentials[].status` and writes one
 * `credential_status_changed` event per credential whose recorded value changed — in the same statement,
 * so the event commits with the new value. The status-list service is the source of truth; because the
 * event is derived from what this table last recorded, repeating a PUT after a crash between the two
 * steps still records the event once. Each credential keeps the revision of the change it mirrors
 * (`statusRevision`): of two racing changes, the older one arriving last changes nothing, so the mirror never
 * goes back to a value the status lists no longer hold.
 */
@Injectable()
export class CredentialStatusRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  /** `audit`: the admin request's success record, written by the same statement (no statement after the fact). */
  async record(
    issuerId: string,
    confirmed: StatusEntriesUpdateResponse['entries'],
    requestId: string,
    audit?: AuditRecord,
  ): Promise<IssuedCredentialRecord[]> {
    const p = new SqlParams();
    const auditParts = audit ? auditInsertParts([audit], (value) => p.add(value)) : undefined;
    const input = p.add(
      JSON.stringify(
        confirmed.map((e) => ({ session_id: e.sessionId, credential_id: e.credentialId, status: e.status, revision: e.revision ?? 0 })),
      ),
    );
    const issuer = p.add(issuerId);
    const auditSql = auditParts ? `${auditParts.ctes}, audit_out AS (${auditParts.outboxInsert}),` : '';
    const sql = `WITH ${auditSql} input AS (SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(session_id text, credential_id text, status jsonb, revision bigint)),
        current AS (SELECT s.issuer_id, s.session_id, s.profile_id, c.elem, i.status, i.revision,
            i.revision > COALESCE((c.elem->>'statusRevision')::bigint, 0) AS newer
          FROM issuer_api.sessions s CROSS JOIN LATERAL jsonb_array_elements(s.credentials) AS c(elem)
          JOIN input i ON i.session_id = s.session_id AND i.credential_id = c.elem->>'credentialId'
          WHERE s.issuer_id = ${issuer}),
        changed AS (SELECT issuer_id, session_id, profile_id, elem->>'credentialId' AS credential_id, status,
            elem->'status'->>'value' AS previous
          FROM current WHERE newer AND elem->'status'->>'value' IS DISTINCT FROM status->>'value'),
        u AS (UPDATE issuer_api.sessions s SET updated_at = now(), credentials = (
            SELECT jsonb_agg(CASE WHEN i.status IS NULL OR i.revision <= COALESCE((c.elem->>'statusRevision')::bigint, 0) THEN c.elem
                ELSE c.elem || jsonb_build_object('status', i.status, 'statusRevision', i.revision) END ORDER BY c.ord)
            FROM jsonb_array_elements(s.credentials) WITH ORDINALITY AS c(elem, ord)
            LEFT JOIN input i ON i.session_id = s.session_id AND i.credential_id = c.elem->>'credentialId')
          WHERE s.issuer_id = ${issuer} AND s.session_id IN (SELECT session_id FROM current WHERE newer)),
        e AS (${insertEventsSql(
          'changed',
          requestId,
          [{ event: 'credential_status_changed' }],
          p,
          `jsonb_strip_nulls(jsonb_build_object('credentialId', src.credential_id, 'status', src.status, 'previousValue', src.previous))`,
        )})
        SELECT CASE WHEN newer THEN elem || jsonb_build_object('status', status) ELSE elem END - 'statusRevision' AS credential FROM current`;
    // The sessions are locked first, so the statement's snapshot (taken after the lock) sees the newest mirror.
    const { rows } = await this.db.transaction(async (client) => {
      await client.query(
        `SELECT 1 FROM issuer_api.sessions WHERE issuer_id = $1 AND session_id = ANY($2::text[]) ORDER BY session_id FOR UPDATE`,
        [issuerId, [...new Set(confirmed.map((e) => e.sessionId))]],
      );
      return client.query<{ credential: IssuedCredentialRecord }>(sql, p.values);
    });
    this.relay.kick();
    return rows.map((r) => r.credential);
  }
}
