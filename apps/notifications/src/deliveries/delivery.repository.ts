import type { DeliveryDto, DeliveryStatus, SessionRef } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

export interface NewDelivery {
  eventId: string;
  issuerId: string;
  sessionId: string;
  event: string;
  url: string;
  payload: unknown;
}

export interface ClaimedDelivery {
  seq: string;
  eventId: string;
  issuerId: string;
  sessionId: string;
  payload: unknown;
  attempts: number;
  firstAttemptAt: Date;
}

/** Runs one statement; the ingestor passes the connection that holds its leader lock. */
export type Exec = (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>;

const T = 'notifications.deliveries';

/** notifications.deliveries: the delivery log, the retry state, and the per-session order. */
export class DeliveryRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Adds deliveries in the order given (stream order); an event already known is skipped (redelivered message). */
  async insert(exec: Exec, rows: NewDelivery[]): Promise<number> {
    if (!rows.length) return 0;
    const { rows: inserted } = await exec(
      `INSERT INTO ${T} (event_id, issuer_id, session_id, event, url, payload)
       SELECT "eventId", "issuerId", "sessionId", event, url, payload
       FROM jsonb_to_recordset($1::jsonb) AS x(ord int, "eventId" uuid, "issuerId" text, "sessionId" text, event text, url text, payload jsonb)
       ORDER BY ord ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [JSON.stringify(rows.map((row, ord) => ({ ...row, ord })))],
    );
    return inserted.length;
  }

  /**
   * Deletes the deliveries of sessions whose `session_purged` event is being ingested, on the ingesting connection.
   * Their earlier events are in the stream before it, so none of them can arrive later; rows ingested after the
   * purge's own cleanup (`purge`) would otherwise stay behind, never sent.
   */
  async forgetSessions(exec: Exec, sessions: SessionRef[]): Promise<void> {
    if (!sessions.length) return;
    await exec(
      `DELETE FROM ${T} d WHERE (d.issuer_id, d.session_id) IN (SELECT "issuerId", "sessionId" FROM jsonb_to_recordset($1::jsonb) AS x("issuerId" text, "sessionId" text))`,
      [JSON.stringify(sessions)],
    );
  }

  /**
   * Leases up to `limit` deliveries that are due and first in their session (the lowest PENDING seq),
   * so a session's event n+1 never goes out before n is DELIVERED or DEAD. The lease re-check in the
   * UPDATE makes two replicas claiming at once take disjoint rows.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.db.sql<{
      seq: string;
      event_id: string;
      issuer_id: string;
      session_id: string;
      payload: unknown;
      attempts: number;
      first_attempt_at: Date;
    }>(
      `WITH heads AS (SELECT DISTINCT ON (issuer_id, session_id) seq, next_attempt_at, lease_until FROM ${T}
                      WHERE status = 'PENDING' ORDER BY issuer_id, session_id, seq),
            due AS (SELECT seq FROM heads WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_attempt_at LIMIT $1)
       UPDATE ${T} d SET lease_until = now() + make_interval(secs => $2::double precision / 1000),
                         first_attempt_at = COALESCE(d.first_attempt_at, now())
       FROM due WHERE d.seq = due.seq AND d.status = 'PENDING' AND (d.lease_until IS NULL OR d.lease_until < now())
       RETURNING d.seq, d.event_id, d.issuer_id, d.session_id, d.payload, d.attempts, d.first_attempt_at`,
      [limit, leaseMs],
    );
    return rows
      .map((r) => ({
        seq: r.seq,
        eventId: r.event_id,
        issuerId: r.issuer_id,
        sessionId: r.session_id,
        payload: r.payload,
        attempts: r.attempts,
        firstAttemptAt: r.first_attempt_at,
      }))
      .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  }

  /** Extends the leases of deliveries this process still holds (see DeliveryWorker's LEASE_MS). */
  async renewLeases(seqs: string[], leaseMs: number): Promise<void> {
    if (seqs.length)
      await this.db.sql(
        `UPDATE ${T} SET lease_until = now() + make_interval(secs => $2::double precision / 1000)
         WHERE seq = ANY($1::bigint[]) AND status = 'PENDING' AND lease_until IS NOT NULL`,
        [seqs, leaseMs],
      );
  }

  /** Gives leases back without counting an attempt (the targets could not be looked up). */
  async release(seqs: string[]): Promise<void> {
    if (seqs.length) await this.db.sql(`UPDATE ${T} SET lease_until = NULL WHERE seq = ANY($1::bigint[])`, [seqs]);
  }

  async recordAttempt(
    seq: string,
    outcome: { status: DeliveryStatus; statusCode: number | null; error: string | null; nextAttemptAt: Date | null },
  ): Promise<void> {
    await this.db.sql(
      `UPDATE ${T} SET attempts = attempts + 1, status = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5,
              delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() ELSE NULL END, lease_until = NULL
       WHERE seq = $1 AND status = 'PENDING'`,
      [seq, outcome.status, outcome.statusCode, outcome.error, outcome.nextAttemptAt],
    );
  }

  async list(ref: SessionRef): Promise<DeliveryDto[]> {
    const { rows } = await this.db.sql<{
      event_id: string;
      event: string;
      url: string;
      attempts: number;
      status: DeliveryStatus;
      last_status_code: number | null;
      last_error: string | null;
      next_attempt_at: Date | null;
      delivered_at: Date | null;
    }>(
      `SELECT event_id, event, url, attempts, status, last_status_code, last_error, next_attempt_at, delivered_at
       FROM ${T} WHERE issuer_id = $1 AND session_id = $2 ORDER BY seq LIMIT 1000`,
      [ref.issuerId, ref.sessionId],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      event: r.event,
      url: r.url,
      attempts: r.attempts,
      status: r.status,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'PENDING' ? (r.next_attempt_at?.toISOString() ?? null) : null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
    }));
  }

  /** Back to PENDING with a fresh budget (attempts and age start again); false if the session has no such delivery. */
  async redeliver(ref: SessionRef, eventId: string): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `UPDATE ${T} SET status = 'PENDING', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(), lease_until = NULL,
              delivered_at = NULL, last_error = NULL, last_status_code = NULL
       WHERE issuer_id = $1 AND session_id = $2 AND event_id = $3 AND status <> 'PENDING'`,
      [ref.issuerId, ref.sessionId, eventId],
    );
    if (rowCount > 0) return true;
    const { rowCount: pending } = await this.db.sql(`SELECT 1 FROM ${T} WHERE issuer_id = $1 AND session_id = $2 AND event_id = $3`, [
      ref.issuerId,
      ref.sessionId,
      eventId,
    ]);
    return pending > 0; // already PENDING: it goes out anyway
  }

  /** Sessions with a PENDING delivery (at most `limit`), which retention keeps until they are DELIVERED or DEAD. */
  async pendingSessions(limit: number): Promise<{ sessions: SessionRef[]; truncated: boolean }> {
    const { rows } = await this.db.sql<{ issuer_id: string; session_id: string }>(
      `SELECT DISTINCT issuer_id, session_id FROM ${T} WHERE status = 'PENDING' ORDER BY issuer_id, session_id LIMIT $1`,
      [limit + 1],
    );
    return {
      sessions: rows.slice(0, limit).map((r) => ({ issuerId: r.issuer_id, sessionId: r.session_id })),
      truncated: rows.length > limit,
    };
  }

  /**
   * Dashboard counts: the PENDING backlog (any age; deliveries_pending_idx, partial on PENDING, issuer first) and the
   * DEAD / DELIVERED deliveries created since `since` (deliveries_created_idx range). `issuerIds` undefined: every issuer.
   */
  async counts(issuerIds: string[] | undefined, since: string): Promise<{ pending: number; failed: number; delivered: number }> {
    const scoped = issuerIds !== undefined;
    const issuerFilter = scoped ? 'AND issuer_id = ANY($2::text[])' : '';
    const { rows } = await this.db.sql<{ pending: number; failed: number; delivered: number }>(
      `SELECT (SELECT count(*)::int FROM ${T} WHERE status = 'PENDING' ${issuerFilter}) AS pending,
              count(*) FILTER (WHERE status = 'DEAD')::int AS failed,
              count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered
       FROM ${T} WHERE created_at >= $1::timestamptz ${issuerFilter}`,
      scoped ? [since, issuerIds] : [since],
    );
    return rows[0];
  }

  /**
   * Deletes the deliveries of the given (purged) sessions, and every DELIVERED or DEAD delivery older than
   * `createdBefore`. A PENDING one is never deleted by age: it is still being retried and ends DELIVERED or
   * DEAD within WEBHOOK_MAX_AGE, and the next run takes it then.
   */
  async purge(sessions: SessionRef[], createdBefore?: string): Promise<number> {
    const { rowCount } = await this.db.sql(
      `DELETE FROM ${T} d WHERE (d.issuer_id, d.session_id) IN (SELECT "issuerId", "sessionId" FROM jsonb_to_recordset($1::jsonb) AS x("issuerId" text, "sessionId" text))
          OR (d.created_at < $2::timestamptz AND d.status <> 'PENDING')`,
      [JSON.stringify(sessions), createdBefore ?? null],
    );
    return rowCount;
  }
}
