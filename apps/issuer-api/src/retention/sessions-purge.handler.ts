import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { IssuerSessionsPurge, type SessionsPurgeRequest, type SessionsPurgeResponse } from '@issuer/contracts';
import { BUS, outboxPublishedSql, type Bus, type OutboxRelay, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';

const DEFAULT_EXPIRED_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * $1 cutoff, $2 expiredBefore, $3 keep (jsonb). A session with an event still in the outbox is skipped: deleting
 * it would delete the event before it reached the bus (and so its webhook). An EXPIRED session waits out the
 * grace period (from `expired_at`, set by the expiry sweep), so the events of its last moments are still delivered
 * (webhooks retry for up to a day).
 */
const MATCH = `(s.created_at < $1::timestamptz OR s.expired_at < $2::timestamptz)
  AND NOT EXISTS (SELECT 1 FROM issuer_api.events ev
                  WHERE ev.issuer_id = s.issuer_id AND ev.session_id = s.session_id AND NOT ${outboxPublishedSql('issuer_api.events', 'ev')})
  AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($3::jsonb) AS k("issuerId" text, "sessionId" text)
                  WHERE k."issuerId" = s.issuer_id AND k."sessionId" = s.session_id)`;

/**
 * Answers `issuer.sessions.purge.v1` for data-retention: one batch of the oldest matching sessions is
 * deleted with their stored events (offer payloads, subject data, event data) and gets one
 * `session_purged` event each, in one statement. Rows locked by a running request are skipped
 * (SKIP LOCKED) and match again next time, as do sessions with unpublished events or in `keep`.
 * Credential status entries live in the status lists and stay.
 */
@Injectable()
export class SessionsPurgeHandler implements OnModuleInit {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.bus.serve(IssuerSessionsPurge, (request) => this.purge(request), 'issuer-api');
  }

  async purge(request: SessionsPurgeRequest): Promise<SessionsPurgeResponse> {
    const expiredBefore = request.expiredBefore ?? new Date(Date.now() - DEFAULT_EXPIRED_GRACE_MS).toISOString();
    const keep = JSON.stringify(request.keep ?? []);
    const { rows: counted } = await this.db.sql<{ matched: number }>(
      `SELECT count(*)::int AS matched FROM issuer_api.sessions s WHERE ${MATCH}`,
      [request.cutoff, expiredBefore, keep],
    );
    const matched = counted[0].matched;
    if (request.dryRun) {
      const { rows } = await this.db.sql<{ issuer_id: string; session_id: string }>(
        `SELECT issuer_id, session_id FROM issuer_api.sessions s WHERE ${MATCH} ORDER BY created_at, session_id LIMIT $4`,
        [request.cutoff, expiredBefore, keep, request.limit],
      );
      return { matched, sessions: rows.map((r) => ({ issuerId: r.issuer_id, sessionId: r.session_id })) };
    }
    const p = new SqlParams();
    p.add(request.cutoff);
    p.add(expiredBefore);
    p.add(keep);
    const limit = p.add(request.limit);
    const sql = `WITH victims AS (SELECT session_id FROM issuer_api.sessions s WHERE ${MATCH}
                   ORDER BY created_at, session_id LIMIT ${limit} FOR UPDATE OF s SKIP LOCKED),
                 d AS (DELETE FROM issuer_api.sessions s USING victims v WHERE s.session_id = v.session_id
                   RETURNING s.issuer_id, s.session_id, s.profile_id, s.created_at),
                 de AS (DELETE FROM issuer_api.events ev USING d WHERE ev.issuer_id = d.issuer_id AND ev.session_id = d.session_id),
                 e AS (${insertEventsSql('d', request.runId, [{ event: 'session_purged', data: { reason: 'retention' } }], p)})
                 SELECT issuer_id, session_id FROM d ORDER BY created_at, session_id`;
    const { rows } = await this.db.sql<{ issuer_id: string; session_id: string }>(sql, p.values);
    if (rows.length) this.relay.kick();
    return { matched, sessions: rows.map((r) => ({ issuerId: r.issuer_id, sessionId: r.session_id })) };
  }
}
