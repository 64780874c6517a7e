import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../../database/issuer-api-database';
import { insertEventsSql, SqlParams, type EventSpec } from '../../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../../events/events.tokens';
import { rethrowIssuerGone } from '../../issuers/issuer-gone';
import type { SessionSnapshot } from '../../sessions/session-snapshot';
import type { SessionStatus } from '../../sessions/session.types';
import type { NewWalletInitiatedSession } from '../authorization-session.repository';
import { sessionSnapshotSql } from '../../sessions/session-snapshot.store';

/** The session an external access token serves, as the resource endpoints need it. */
export interface BoundSession {
  sessionId: string;
  issuerId: string;
  profileId: string;
  status: SessionStatus;
  credentialConfigurationId: string;
  snapshot: SessionSnapshot;
}

/** An offer's session named by a token's `issuer_state`. */
export interface OfferSession extends BoundSession {
  authMethod: string;
  expired: boolean;
  /** Whether an earlier token already brought the login claims (they are mapped once). */
  loggedIn: boolean;
}

/** What the token's claims did to the session: mapped into its credential data, or ended it. */
export type ExternalLogin =
  | { ok: true; claims: Record<string, unknown>; credentialData: Record<string, unknown>; event: EventSpec }
  | { ok: false; reason: string; events: EventSpec[] };

const SESSION_COLUMNS = `s.session_id, s.issuer_id, s.profile_id, s.status, s.credential_configuration_id, ${sessionSnapshotSql('s')} AS snapshot`;

interface SessionRow {
  session_id: string;
  issuer_id: string;
  profile_id: string;
  status: SessionStatus;
  credential_configuration_id: string;
  snapshot: SessionSnapshot;
}

const toBound = (r: SessionRow): BoundSession => ({
  sessionId: r.session_id,
  issuerId: r.issuer_id,
  profileId: r.profile_id,
  status: r.status,
  credentialConfigurationId: r.credential_configuration_id,
  snapshot: r.snapshot,
});

/**
 * Which session an external access token serves (table `external_access_tokens`, keyed by the token's hash). Binding
 * a token and creating or updating its session happen in one statement with their events (outbox), and the
 * token hash's primary key makes the first request win when two requests of one token race across replicas.
 */
@Injectable()
export class ExternalTokenRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async find(issuerId: string, tokenHash: string): Promise<BoundSession | undefined> {
    const { rows } = await this.db.sql<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM issuer_api.external_access_tokens t JOIN issuer_api.sessions s ON s.session_id = t.session_id
       WHERE t.token_hash = $1 AND t.issuer_id = $2`,
      [tokenHash, issuerId],
    );
    return rows[0] && toBound(rows[0]);
  }

  async findOffer(issuerId: string, issuerStateHash: string): Promise<OfferSession | undefined> {
    const { rows } = await this.db.sql<SessionRow & { auth_method: string; expired: boolean; logged_in: boolean }>(
      `SELECT ${SESSION_COLUMNS}, s.auth_method, (s.expires_at IS NOT NULL AND s.expires_at <= now()) AS expired,
              s.login_claims IS NOT NULL AS logged_in
       FROM issuer_api.sessions s WHERE s.issuer_state_hash = $1 AND s.issuer_id = $2`,
      [issuerStateHash, issuerId],
    );
    const r = rows[0];
    return r && { ...toBound(r), authMethod: r.auth_method, expired: r.expired, loggedIn: r.logged_in };
  }

  /**
   * A wallet-initiated session (`authMethod: AUTHORIZED`) created for the token's first credential request, ACTIVE
   * with the mapped credential data, or UNSUCCESSFUL when the claims lacked a mapped source. False when another
   * request bound the token first (nothing is created then).
   */
  async createWalletInitiated(input: {
    tokenHash: string;
    tokenExpiresAt: Date;
    session: NewWalletInitiatedSession;
    login: ExternalLogin;
    requestId: string;
  }): Promise<boolean> {
    const { session, login } = input;
    const p = new SqlParams();
    const snapshot = login.ok
      ? { ...session.snapshot, profile: { ...session.snapshot.profile, credentialData: login.credentialData } }
      : session.snapshot;
    // The session outlives the token, so a pending deferred transaction can still be reached with it.
    const expiresAt = new Date(Math.max(session.expiresAt.getTime(), input.tokenExpiresAt.getTime()));
    const sql = `WITH b AS (INSERT INTO issuer_api.external_access_tokens (token_hash, issuer_id, session_id, expires_at)
                   VALUES (${p.add(input.tokenHash)}, ${p.add(session.issuerId)}, ${p.add(randomUUID())}, ${p.add(input.tokenExpiresAt)})
                   ON CONFLICT (token_hash) DO NOTHING RETURNING session_id),
                 s AS (INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
                     status_reason, credential_configuration_id, snapshot, credential_offer, login_claims, expires_at)
                   SELECT b.session_id, ${p.add(session.issuerId)}, ${p.add(session.profileId)}, ${p.add(session.profileVersion)}, ${p.add(randomUUID())},
                     'AUTHORIZED', ${p.add(login.ok ? 'ACTIVE' : 'UNSUCCESSFUL')}, ${p.add(login.ok ? null : login.reason)},
                     ${p.add(session.credentialConfigurationId)}, ${p.add(JSON.stringify(snapshot))}::jsonb,
                     ${p.add(JSON.stringify(session.credentialOffer))}::jsonb, ${p.add(login.ok ? JSON.stringify(login.claims) : null)}::jsonb,
                     ${p.add(expiresAt)}
                   FROM b RETURNING issuer_id, session_id, profile_id),
                 e AS (${insertEventsSql('s', input.requestId, login.ok ? [login.event] : login.events, p)})
                 SELECT count(*)::int AS created FROM s`;
    const { rows } = await this.db.sql<{ created: number }>(sql, p.values).catch(rethrowIssuerGone);
    this.relay.kick();
    return rows[0].created > 0;
  }

  /**
   * Binds the token to an offer's ACTIVE or SUCCESSFUL session. The first token to bring login claims maps them
   * (or ends the session UNSUCCESSFUL); later tokens (refreshed at the AS) only bind. The session's expiry is moved
   * to the token's, as for tokens of the issuer's own AS. False when the session can no longer take tokens.
   */
  async bindOffer(input: {
    tokenHash: string;
    tokenExpiresAt: Date;
    issuerId: string;
    sessionId: string;
    login: ExternalLogin | undefined;
    requestId: string;
  }): Promise<boolean> {
    const { login } = input;
    const p = new SqlParams();
    const change = !login
      ? undefined
      : login.ok
        ? `login_claims = ${p.add(JSON.stringify(login.claims))}::jsonb,
           snapshot = jsonb_set(${sessionSnapshotSql('sess')}, '{profile,credentialData}', ${p.add(JSON.stringify(login.credentialData))}::jsonb)`
        : `status = 'UNSUCCESSFUL', status_reason = ${p.add(login.reason)}`;
    const exp = p.add(input.tokenExpiresAt);
    const update = change
      ? `, s AS (UPDATE issuer_api.sessions sess SET ${change},
                   expires_at = CASE WHEN sess.expires_at IS NULL THEN NULL ELSE GREATEST(sess.expires_at, ${exp}::timestamptz) END, updated_at = now()
                 FROM b WHERE sess.session_id = b.session_id AND sess.status = 'ACTIVE' AND sess.login_claims IS NULL
                 RETURNING sess.issuer_id, sess.session_id, sess.profile_id),
             e AS (${insertEventsSql('s', input.requestId, login!.ok ? [login!.event] : login!.events, p)})`
      : '';
    const sql = `WITH b AS (INSERT INTO issuer_api.external_access_tokens (token_hash, issuer_id, session_id, expires_at)
                   SELECT ${p.add(input.tokenHash)}, issuer_id, session_id, ${exp} FROM issuer_api.sessions
                   WHERE session_id = ${p.add(input.sessionId)} AND issuer_id = ${p.add(input.issuerId)} AND status IN ('ACTIVE', 'SUCCESSFUL')
                   ON CONFLICT (token_hash) DO NOTHING RETURNING session_id)${update}
                 SELECT count(*)::int AS bound FROM b`;
    const { rows } = await this.db.sql<{ bound: number }>(sql, p.values);
    if (change) this.relay.kick();
    return rows[0].bound > 0;
  }
}
