import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CredentialOffer } from '@issuer/oid4vci';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams, type EventSpec } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import { rethrowIssuerGone } from '../issuers/issuer-gone';
import type { SessionSnapshot } from '../sessions/session-snapshot';
import type { SessionStatus } from '../sessions/session.types';
import { sessionSnapshotSql } from '../sessions/session-snapshot.store';

/** A session as the authorization step needs it. */
export interface AuthorizationSession {
  sessionId: string;
  profileId: string;
  status: SessionStatus;
  authMethod: string;
  credentialConfigurationId: string;
  snapshot: SessionSnapshot;
  expired: boolean;
}

export interface NewWalletInitiatedSession {
  issuerId: string;
  profileId: string;
  profileVersion: number;
  credentialConfigurationId: string;
  snapshot: SessionSnapshot;
  credentialOffer: CredentialOffer;
  expiresAt: Date;
}

/** Tokens granted for a redeemed code or a rotated refresh token. */
export interface TokenGrant {
  issuerId: string;
  sessionId: string;
  accessTokenHash: string;
  accessTokenExpiresAt: Date;
  credentialIdentifiers: string[] | null;
  jkt: string | null;
  refresh?: { tokenHash: string; familyId: string; clientId: string; expiresAt: Date; authorizationDetails: unknown };
  event: EventSpec;
  requestId: string;
}

/**
 * Session state of the authorization code flow: binding by `issuer_state`, wallet-initiated sessions, the login's
 * outcome (claims mapped into the session's credential data), tokens for redeemed codes, and their revocation.
 * Each change writes its events in the same statement (outbox).
 */
@Injectable()
export class AuthorizationSessionRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  findByIssuerState(issuerId: string, issuerStateHash: string): Promise<AuthorizationSession | undefined> {
    return this.findOne('issuer_state_hash', issuerStateHash, issuerId);
  }

  findById(issuerId: string, sessionId: string): Promise<AuthorizationSession | undefined> {
    return this.findOne('session_id', sessionId, issuerId);
  }

  private async findOne(
    column: 'issuer_state_hash' | 'session_id',
    value: string,
    issuerId: string,
  ): Promise<AuthorizationSession | undefined> {
    const { rows } = await this.db.sql<{
      session_id: string;
      profile_id: string;
      status: SessionStatus;
      auth_method: string;
      credential_configuration_id: string;
      snapshot: SessionSnapshot;
      expired: boolean;
    }>(
      `SELECT s.session_id, s.profile_id, s.status, s.auth_method, s.credential_configuration_id, ${sessionSnapshotSql('s')} AS snapshot,
              (s.expires_at IS NOT NULL AND s.expires_at <= now()) AS expired
       FROM issuer_api.sessions s WHERE s.${column} = $1 AND s.issuer_id = $2`,
      [value, issuerId],
    );
    const r = rows[0];
    return (
      r && {
        sessionId: r.session_id,
        profileId: r.profile_id,
        status: r.status,
        authMethod: r.auth_method,
        credentialConfigurationId: r.credential_configuration_id,
        snapshot: r.snapshot,
        expired: r.expired,
      }
    );
  }

  /** A session for a wallet-initiated request (no offer), `authMethod: AUTHORIZED`. */
  async createWalletInitiated(session: NewWalletInitiatedSession): Promise<string> {
    const sessionId = randomUUID();
    await this.db
      .sql(
        `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
           credential_configuration_id, snapshot, credential_offer, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'AUTHORIZED', 'ACTIVE', $6, $7, $8, $9)`,
        [
          sessionId,
          session.issuerId,
          session.profileId,
          session.profileVersion,
          randomUUID(),
          session.credentialConfigurationId,
          JSON.stringify(session.snapshot),
          JSON.stringify(session.credentialOffer),
          session.expiresAt,
        ],
      )
      .catch(rethrowIssuerGone);
    return sessionId;
  }

  /**
   * The subject logged in: keeps the login claims (PII, purged with the session), replaces the session's
   * credential data by the mapped one, and records `authorization_request_succeeded`. False when the session
   * is no longer ACTIVE.
   */
  async completeLogin(
    issuerId: string,
    sessionId: string,
    login: { claims: Record<string, unknown>; credentialData: Record<string, unknown>; subject?: string },
    event: EventSpec,
    requestId: string,
  ): Promise<boolean> {
    const p = new SqlParams();
    // The login's data makes the snapshot the session's own (a shared one is copied into the row).
    const withData = `jsonb_set(${sessionSnapshotSql('sess')}, '{profile,credentialData}', ${p.add(JSON.stringify(login.credentialData))}::jsonb)`;
    const snapshot = login.subject ? `jsonb_set(${withData}, '{loginSubject}', to_jsonb(${p.add(login.subject)}::text))` : withData;
    const sql = `WITH s AS (UPDATE issuer_api.sessions sess SET login_claims = ${p.add(JSON.stringify(login.claims))}::jsonb,
                     snapshot = ${snapshot}, updated_at = now()
                   WHERE sess.session_id = ${p.add(sessionId)} AND sess.issuer_id = ${p.add(issuerId)} AND sess.status = 'ACTIVE'
                     AND (sess.expires_at IS NULL OR sess.expires_at > now())
                   RETURNING sess.issuer_id, sess.session_id, sess.profile_id),
                 e AS (${insertEventsSql('s', requestId, [event], p)})
                 SELECT 1 FROM s`;
    const { rowCount } = await this.db.sql(sql, p.values);
    this.relay.kick();
    return rowCount > 0;
  }

  /** Ends an ACTIVE session because the login failed or was cancelled, with the failure and status events. */
  async endSession(
    issuerId: string,
    sessionId: string,
    status: 'REJECTED_BY_USER' | 'UNSUCCESSFUL',
    reason: string,
    failure: EventSpec,
    requestId: string,
  ): Promise<void> {
    const p = new SqlParams();
    const sql = `WITH s AS (UPDATE issuer_api.sessions SET status = ${p.add(status)}, status_reason = ${p.add(reason)}, updated_at = now()
                   WHERE session_id = ${p.add(sessionId)} AND issuer_id = ${p.add(issuerId)} AND status = 'ACTIVE'
                   RETURNING issuer_id, session_id, profile_id),
                 e AS (${insertEventsSql('s', requestId, [failure, { event: 'issuance_status_changed', data: { status, statusReason: reason } }], p)})
                 SELECT 1 FROM s`;
    await this.db.sql(sql, p.values);
    this.relay.kick();
  }

  /** Records an event on a session (or issuer-wide when there is none) without changing its state. */
  async recordEvent(issuerId: string, sessionId: string | null, event: EventSpec, requestId: string): Promise<void> {
    const p = new SqlParams();
    const source = `(SELECT ${p.add(issuerId)}::text AS issuer_id, ${p.add(sessionId)}::text AS session_id,
                      (SELECT profile_id FROM issuer_api.sessions WHERE session_id = ${p.add(sessionId)}::text) AS profile_id)`;
    await this.db.sql(insertEventsSql(source, requestId, [event], p), p.values);
    this.relay.kick();
  }

  /**
   * Grants an access token (and a refresh token) to an ACTIVE, unexpired session, replacing any earlier one,
   * with the success event. False when the session can no longer get tokens.
   */
  async grantTokens(grant: TokenGrant): Promise<boolean> {
    const p = new SqlParams();
    const refresh = grant.refresh;
    const refreshSql = refresh
      ? `, r AS (INSERT INTO issuer_api.refresh_tokens (token_hash, family_id, issuer_id, session_id, client_id, jkt, authorization_details, expires_at)
                 SELECT ${p.add(refresh.tokenHash)}, ${p.add(refresh.familyId)}, issuer_id, session_id, ${p.add(refresh.clientId)}, ${p.add(grant.jkt)},
                        ${p.add(JSON.stringify(refresh.authorizationDetails ?? null))}::jsonb, ${p.add(refresh.expiresAt)} FROM s)`
      : '';
    const sql = `WITH s AS (UPDATE issuer_api.sessions SET code_redeemed_at = COALESCE(code_redeemed_at, now()),
                     access_token_hash = ${p.add(grant.accessTokenHash)}, access_token_expires_at = ${p.add(grant.accessTokenExpiresAt)},
                     access_token_jkt = ${p.add(grant.jkt)}, credential_identifiers = ${p.add(JSON.stringify(grant.credentialIdentifiers))}::jsonb,
                     updated_at = now()
                   WHERE session_id = ${p.add(grant.sessionId)} AND issuer_id = ${p.add(grant.issuerId)} AND status IN ('ACTIVE', 'SUCCESSFUL')
                   RETURNING issuer_id, session_id, profile_id)${refreshSql},
                 e AS (${insertEventsSql('s', grant.requestId, [grant.event], p)})
                 SELECT 1 FROM s`;
    const { rowCount } = await this.db.sql(sql, p.values);
    this.relay.kick();
    return rowCount > 0;
  }

  /** RFC 6749 §4.1.2 / §10.4: a reused code or refresh token revokes every token of the session. */
  async revokeTokens(issuerId: string, sessionId: string): Promise<void> {
    await this.db.sql(
      `WITH s AS (UPDATE issuer_api.sessions SET access_token_hash = NULL, access_token_expires_at = NULL, updated_at = now()
                  WHERE session_id = $1 AND issuer_id = $2 RETURNING session_id)
       UPDATE issuer_api.refresh_tokens SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL`,
      [sessionId, issuerId],
    );
  }
}
