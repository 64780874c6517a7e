import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams, type EventSpec } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { IssuedCredentialRecord } from '../sessions/session.types';
import type { Holder } from '../wallet/issuance-input';

export type DeferredState = 'PENDING' | 'APPROVED' | 'REFUSED' | 'ISSUED';

export interface DeferredTransaction {
  sessionId: string;
  holders: Holder[];
  state: DeferredState;
  /** Supplied at approval; deep-merged into the session's credential data at delivery. */
  credentialData: Record<string, unknown> | null;
  intervalSeconds: number;
  expiresAt: Date;
  expired: boolean;
}

/** A credential request answered `202`: its nonces, holder keys and the event that it was accepted. */
export interface Deferral {
  issuerId: string;
  sessionId: string;
  transactionHash: string;
  holders: Holder[];
  nonceHashes: string[];
  nonceExpiresAt: Date;
  intervalSeconds: number;
  expiresAt: Date;
  acceptedEvent: EventSpec;
  requestId: string;
}

/**
 * Deferred transactions (OID4VCI 1.0 §9, API.md §12). Each step is one statement that changes the state and writes
 * its events, conditioned so concurrent polls and decisions cannot deliver a transaction twice.
 */
@Injectable()
export class DeferredTransactionRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  /**
   * Consumes the proofs' nonces and opens a PENDING transaction. The session lives at least as long as the
   * transaction (the expiry sweeper ends it afterwards). `nonce_reused` when a nonce was already used.
   */
  async open(d: Deferral): Promise<'opened' | 'nonce_reused' | 'session_closed'> {
    const p = new SqlParams();
    const hashes = p.add(d.nonceHashes);
    const expiresAt = p.add(d.expiresAt);
    const sql = `WITH n AS (INSERT INTO issuer_api.used_nonces (nonce_hash, expires_at)
                   SELECT h, ${p.add(d.nonceExpiresAt)}::timestamptz FROM unnest(${hashes}::text[]) AS h ON CONFLICT DO NOTHING RETURNING 1),
                 fresh AS (SELECT (SELECT count(*) FROM n) = cardinality(${hashes}::text[]) AS ok),
                 s AS (UPDATE issuer_api.sessions SET updated_at = now(),
                     expires_at = CASE WHEN expires_at IS NULL THEN NULL ELSE GREATEST(expires_at, ${expiresAt}::timestamptz) END
                   WHERE session_id = ${p.add(d.sessionId)} AND issuer_id = ${p.add(d.issuerId)} AND status IN ('ACTIVE', 'SUCCESSFUL')
                     AND (SELECT ok FROM fresh)
                   RETURNING issuer_id, session_id, profile_id),
                 t AS (INSERT INTO issuer_api.deferred_transactions (transaction_hash, issuer_id, session_id, holders, state, interval_seconds, expires_at)
                   SELECT ${p.add(d.transactionHash)}, issuer_id, session_id, ${p.add(JSON.stringify(d.holders))}::jsonb, 'PENDING',
                     ${p.add(d.intervalSeconds)}::int, ${expiresAt}::timestamptz FROM s RETURNING 1),
                 e AS (${insertEventsSql('s', d.requestId, [d.acceptedEvent], p)})
                 SELECT (SELECT ok FROM fresh) AS fresh, EXISTS (SELECT 1 FROM t) AS opened`;
    const { rows } = await this.db.sql<{ fresh: boolean; opened: boolean }>(sql, p.values);
    if (rows[0]?.opened) {
      this.relay.kick();
      return 'opened';
    }
    return rows[0]?.fresh ? 'session_closed' : 'nonce_reused';
  }

  async find(issuerId: string, transactionHash: string): Promise<DeferredTransaction | undefined> {
    const { rows } = await this.db.sql<{
      session_id: string;
      holders: Holder[];
      state: DeferredState;
      credential_data: Record<string, unknown> | null;
      interval_seconds: number;
      expires_at: Date;
      expired: boolean;
    }>(
      `SELECT session_id, holders, state, credential_data, interval_seconds, expires_at, expires_at <= now() AS expired
       FROM issuer_api.deferred_transactions WHERE transaction_hash = $1 AND issuer_id = $2`,
      [transactionHash, issuerId],
    );
    const r = rows[0];
    return (
      r && {
        sessionId: r.session_id,
        holders: r.holders,
        state: r.state,
        credentialData: r.credential_data,
        intervalSeconds: r.interval_seconds,
        expiresAt: r.expires_at,
        expired: r.expired,
      }
    );
  }

  /**
   * The operator's decision on every PENDING, unexpired transaction of a session. A refusal ends a session that
   * issued nothing yet as UNSUCCESSFUL. Returns how many transactions were decided.
   */
  async decide(
    issuerId: string,
    sessionId: string,
    decision: { approve: boolean; credentialData?: Record<string, unknown> },
    requestId: string,
  ): Promise<number> {
    const p = new SqlParams();
    const session = p.add(sessionId);
    const issuer = p.add(issuerId);
    const approve = p.add(decision.approve);
    const reason = 'deferred issuance refused';
    const sql = `WITH t AS (UPDATE issuer_api.deferred_transactions
                   SET state = CASE WHEN ${approve}::boolean THEN 'APPROVED' ELSE 'REFUSED' END, decided_at = now(),
                     credential_data = ${p.add(decision.credentialData ? JSON.stringify(decision.credentialData) : null)}::jsonb
                   WHERE session_id = ${session} AND issuer_id = ${issuer} AND state = 'PENDING' AND expires_at > now()
                   RETURNING 1),
                 s AS (UPDATE issuer_api.sessions SET status = 'UNSUCCESSFUL', status_reason = ${p.add(reason)}, updated_at = now()
                   WHERE session_id = ${session} AND issuer_id = ${issuer} AND status = 'ACTIVE' AND NOT ${approve}::boolean
                     AND EXISTS (SELECT 1 FROM t)
                   RETURNING issuer_id, session_id, profile_id),
                 e AS (${insertEventsSql('s', requestId, [{ event: 'issuance_status_changed', data: { status: 'UNSUCCESSFUL', statusReason: reason } }], p)})
                 SELECT count(*)::int AS decided FROM t`;
    const { rows } = await this.db.sql<{ decided: number }>(sql, p.values);
    this.relay.kick();
    return rows[0]?.decided ?? 0;
  }

  /**
   * Delivers an APPROVED transaction once: it becomes ISSUED and its credentials join the session (SUCCESSFUL),
   * with the success event and, on the session's first credentials, the status event. False when another poll
   * delivered it first or the session has ended.
   */
  async deliver(
    issuerId: string,
    transactionHash: string,
    credentials: IssuedCredentialRecord[],
    success: EventSpec,
    requestId: string,
  ): Promise<boolean> {
    const p = new SqlParams();
    const added = p.add(JSON.stringify(credentials));
    const sql = `WITH t AS (UPDATE issuer_api.deferred_transactions tx SET state = 'ISSUED'
                   WHERE tx.transaction_hash = ${p.add(transactionHash)} AND tx.issuer_id = ${p.add(issuerId)} AND tx.state = 'APPROVED'
                     AND EXISTS (SELECT 1 FROM issuer_api.sessions s WHERE s.session_id = tx.session_id AND s.status IN ('ACTIVE', 'SUCCESSFUL'))
                   RETURNING tx.issuer_id, tx.session_id),
                 s AS (UPDATE issuer_api.sessions sess SET status = 'SUCCESSFUL', credentials = sess.credentials || ${added}::jsonb, updated_at = now()
                   FROM t WHERE sess.session_id = t.session_id AND sess.issuer_id = t.issuer_id
                   RETURNING sess.issuer_id, sess.session_id, sess.profile_id,
                     jsonb_array_length(sess.credentials) = jsonb_array_length(${added}::jsonb) AS first_issuance),
                 e AS (${insertEventsSql('s', requestId, [success, { event: 'issuance_status_changed', data: { status: 'SUCCESSFUL' }, onlyWhereSql: 'src.first_issuance' }], p)})
                 SELECT EXISTS (SELECT 1 FROM s) AS delivered`;
    const { rows } = await this.db.sql<{ delivered: boolean }>(sql, p.values);
    if (rows[0]?.delivered) this.relay.kick();
    return rows[0]?.delivered ?? false;
  }

  /** Data that cannot become a credential refuses the transaction for good (polls then get credential_request_denied). */
  async refuse(issuerId: string, transactionHash: string): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.deferred_transactions SET state = 'REFUSED', decided_at = now()
       WHERE transaction_hash = $1 AND issuer_id = $2 AND state IN ('PENDING', 'APPROVED')`,
      [transactionHash, issuerId],
    );
  }
}
