import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';

/**
 * How far behind the database clock the sweep stays. A session's `expires_at` comes from the clock of the replica
 * that created it; a session created with an expiry already behind the mark would never be seen, so the mark keeps
 * this distance (an offer lives at least a second, replicas' clocks agree within one).
 */
const CLOCK_LAG = "interval '2 seconds'";

export interface ExpirySweep {
  /** Sessions whose expiry the sweep passed (a full batch means more are due). */
  scanned: number;
  expired: number;
}

/**
 * The expiry sweep walks sessions in `expires_at` order from a mark persisted in `sweep_marks`, so it reads each
 * expiring session once and needs no index of ACTIVE sessions (such an index changes with every issuance and made
 * the credential step's update a non-HOT one). An ACTIVE session past its expiry becomes EXPIRED, unless its access
 * token is still valid: then its expiry moves to the token's (redemption no longer moves it, to keep that update
 * HOT) and the sweep meets it again there. The mark row is locked for the statement, so replicas take turns. The
 * mark is read through scalar subqueries (init plans), so the planner scans `sessions_expiry_idx` from it.
 */
@Injectable()
export class SessionExpiryRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async expireDue(limit = 2000): Promise<ExpirySweep> {
    const p = new SqlParams();
    const live = `sess.access_token_expires_at > h.horizon`;
    const sql = `WITH m AS (SELECT at, after_session_id FROM issuer_api.sweep_marks WHERE name = 'session_expiry' FOR UPDATE SKIP LOCKED),
                 h AS (SELECT now() - ${CLOCK_LAG} AS horizon),
                 due AS (SELECT s.session_id, s.expires_at FROM issuer_api.sessions s
                   WHERE s.expires_at >= (SELECT at FROM m) AND s.expires_at <= (SELECT horizon FROM h)
                     AND (s.expires_at > (SELECT at FROM m) OR s.session_id > (SELECT after_session_id FROM m))
                   ORDER BY s.expires_at, s.session_id LIMIT ${p.add(limit)}),
                 s AS (UPDATE issuer_api.sessions sess SET
                     expires_at = CASE WHEN ${live} THEN sess.access_token_expires_at ELSE sess.expires_at END,
                     status = CASE WHEN ${live} THEN sess.status ELSE 'EXPIRED' END,
                     status_reason = CASE WHEN ${live} THEN sess.status_reason ELSE 'expired' END,
                     expired_at = CASE WHEN ${live} THEN NULL ELSE now() END,
                     updated_at = now()
                   FROM due, h WHERE sess.session_id = due.session_id AND sess.status = 'ACTIVE' AND sess.expires_at <= h.horizon
                   RETURNING sess.issuer_id, sess.session_id, sess.profile_id, sess.status = 'EXPIRED' AS expired),
                 e AS (${insertEventsSql('s', undefined, [{ event: 'issuance_status_changed', data: { status: 'EXPIRED', statusReason: 'expired' }, onlyWhereSql: 'src.expired' }], p)}),
                 last AS (SELECT expires_at, session_id FROM due ORDER BY expires_at DESC, session_id DESC LIMIT 1),
                 counted AS (SELECT count(*)::int AS scanned FROM due),
                 moved AS (UPDATE issuer_api.sweep_marks sm SET
                     at = CASE WHEN c.scanned = ${p.add(limit)} THEN (SELECT expires_at FROM last) ELSE h.horizon END,
                     after_session_id = CASE WHEN c.scanned = ${p.add(limit)} THEN (SELECT session_id FROM last) ELSE NULL END
                   FROM counted c, h, m WHERE sm.name = 'session_expiry' RETURNING 1)
                 SELECT (SELECT scanned FROM counted) AS scanned, (SELECT count(*)::int FROM s WHERE s.expired) AS expired`;
    const { rows } = await this.db.sql<{ scanned: number; expired: number }>(sql, p.values);
    if (rows[0].expired > 0) this.relay.kick();
    return rows[0];
  }

  /** Rows whose single-use or bounded life is over: used nonces and DPoP proof ids, finished authorization requests, refresh tokens. */
  async deleteLeftovers(): Promise<void> {
    await this.db.sql('DELETE FROM issuer_api.used_nonces WHERE expires_at < now()');
    await this.db.sql('DELETE FROM issuer_api.used_dpop_proofs WHERE expires_at < now()');
    // Finished or abandoned authorization requests are kept an hour, so that a reused code is still recognised and
    // revokes its tokens.
    await this.db.sql(`DELETE FROM issuer_api.authorization_requests WHERE expires_at < now() - interval '1 hour'`);
    await this.db.sql('DELETE FROM issuer_api.refresh_tokens WHERE expires_at < now()');
  }
}
