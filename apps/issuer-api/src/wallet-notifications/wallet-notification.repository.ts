import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { WalletNotificationEvent } from '../sessions/session.types';

export interface WalletNotification {
  issuerId: string;
  sessionId: string;
  notificationId: string;
  event: WalletNotificationEvent;
  eventDescription?: string;
  requestId: string;
}

const FAILURE_REASON = 'the wallet reported credential_failure';

/**
 * Records a wallet's notification on the credentials of its response (`credentials[].notification`), with the
 * `notification_received` event; `credential_failure` ends the session UNSUCCESSFUL. A repeated identical
 * notification changes nothing (the endpoint is idempotent, OID4VCI 1.0 §11).
 */
@Injectable()
export class WalletNotificationRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  /** False when no credential of the session carries this notification id. */
  async record(n: WalletNotification): Promise<boolean> {
    const p = new SqlParams();
    const id = p.add(n.notificationId);
    const event = p.add(n.event);
    const sql = `WITH cur AS (SELECT s.issuer_id, s.session_id, s.profile_id, s.status,
                     (SELECT jsonb_agg(c->>'credentialId') FROM jsonb_array_elements(s.credentials) AS c WHERE c->>'notificationId' = ${id}) AS credential_ids,
                     EXISTS (SELECT 1 FROM jsonb_array_elements(s.credentials) AS c
                       WHERE c->>'notificationId' = ${id} AND c->'notification'->>'event' IS DISTINCT FROM ${event}::text) AS changes
                   FROM issuer_api.sessions s
                   WHERE s.session_id = ${p.add(n.sessionId)} AND s.issuer_id = ${p.add(n.issuerId)}
                     AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.credentials) AS c WHERE c->>'notificationId' = ${id})
                   FOR UPDATE),
                 u AS (UPDATE issuer_api.sessions s SET updated_at = now(),
                     credentials = (SELECT jsonb_agg(CASE WHEN c.elem->>'notificationId' = ${id}
                         THEN c.elem || jsonb_build_object('notification', jsonb_build_object('event', ${event}::text,
                           'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
                         ELSE c.elem END ORDER BY c.ord)
                       FROM jsonb_array_elements(s.credentials) WITH ORDINALITY AS c(elem, ord)),
                     status = CASE WHEN ${event}::text = 'credential_failure' AND s.status = 'SUCCESSFUL' THEN 'UNSUCCESSFUL' ELSE s.status END,
                     status_reason = CASE WHEN ${event}::text = 'credential_failure' AND s.status = 'SUCCESSFUL' THEN ${p.add(FAILURE_REASON)} ELSE s.status_reason END
                   FROM cur WHERE s.session_id = cur.session_id AND cur.changes
                   RETURNING s.issuer_id, s.session_id, s.profile_id, cur.credential_ids, cur.status <> s.status AS status_changed),
                 e AS (${insertEventsSql(
                   'u',
                   n.requestId,
                   [
                     {
                       event: 'notification_received',
                       data: {
                         event: n.event,
                         notificationId: n.notificationId,
                         ...(n.eventDescription ? { eventDescription: n.eventDescription } : {}),
                       },
                       rowDataSql: `jsonb_build_object('credentialIds', src.credential_ids)`,
                     },
                     {
                       event: 'issuance_status_changed',
                       data: { status: 'UNSUCCESSFUL', statusReason: FAILURE_REASON },
                       onlyWhereSql: 'src.status_changed',
                     },
                   ],
                   p,
                 )})
                 SELECT count(*)::int AS found FROM cur`;
    const { rows } = await this.db.sql<{ found: number }>(sql, p.values);
    this.relay.kick();
    return (rows[0]?.found ?? 0) > 0;
  }
}
