import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { IssuerSessionsPurge, type SessionsPurgeRequest, type SessionsPurgeResponse } from '@issuer/contracts';
import { BUS, type Bus, type OutboxRelay, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';

const MATCH = `(created_at < $1::timestamptz OR status = 'EXPIRED')`;

/**
 * Answers `issuer.sessions.purge.v1` for data-retention: one batch of the oldest matching sessions is
 * deleted with their stored events (offer payloads, subject data, event data) and gets one
 * `session_purged` event each, in one statement. Rows locked by a running request are skipped
 * (SKIP LOCKED) and match again next time. Credential status entries live in the status lists and stay.
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
    const { rows: counted } = await this.db.sql<{ matched: number }>(
      `SELECT count(*)::int AS matched FROM issuer_api.sessions WHERE ${MATCH}`,
      [request.cutoff],
    );
    const matched = counted[0].matched;
    if (request.dryRun) {
      const { rows } = await this.db.sql<{ issuer_id: string; session_id: string }>(
        `SELECT issuer_id, session_id FROM issuer_api.sessions WHERE ${MATCH} ORDER BY created_at, session_id LIMIT $2`,
        [request.cutoff, request.limit],
      );
      return { matched, sessions: rows.map((r) => ({ issuerId: r.issuer_id, sessionId: r.session_id })) };
    }
    const p = new SqlParams();
    p.add(request.cutoff);
    const limit = p.add(request.limit);
    const sql = `WITH victims AS (SELECT session_id FROM issuer_api.sessions WHERE ${MATCH}
                   ORDER BY created_at, session_id LIMIT ${limit} FOR UPDATE SKIP LOCKED),
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
