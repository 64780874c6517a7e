import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher, type OutboxRelay, type ServiceDatabase } from '@issuer/platform';
import { parseAccessToken } from '../common/access-token';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, rowsHint, SqlParams, type EventSpec } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { SessionSnapshot } from './session-snapshot';
import { SessionSnapshotStore } from './session-snapshot.store';
import type { IssuedCredentialRecord, SessionStatus, TokenSession } from './session.types';

export interface CodeState {
  sessionId: string;
  profileId: string;
  status: SessionStatus;
  expired: boolean;
  redeemed: boolean;
  txAttempts: number;
  txRequired: boolean;
  credentialConfigurationId: string;
}

/** One pre-authorized code redemption: the code, the tx_code and the access token it becomes. */
export interface Redemption {
  issuerId: string;
  codeHash: string;
  txCodeHash: string | null;
  accessTokenHash: string;
  accessTokenExpiresAt: Date;
  /** RFC 9449: the DPoP key the access token is bound to, if any. */
  accessTokenJkt: string | null;
  credentialIdentifiers: string[] | null;
  /** Configurations named in authorization_details: each must be the one the session offers. */
  requiredConfigurationIds: string[] | null;
  requestId: string;
}

/** The end of a successful credential request: nonces to consume, credentials to record, the success event. */
export interface Completion {
  issuerId: string;
  sessionId: string;
  nonceHashes: string[];
  nonceExpiresAt: Date;
  credentials: IssuedCredentialRecord[];
  successEvent: EventSpec;
  requestId: string;
}

export const MAX_TX_CODE_ATTEMPTS = 5;

/**
 * Session state of the token and credential steps. Every step is one statement that changes the state and
 * writes its events to the outbox together; conditions in the WHERE clauses make single-use codes and
 * nonces race-free across replicas. Concurrent requests share statements (MicroBatcher).
 */
@Injectable()
export class SessionRepository {
  private readonly redemptions = new MicroBatcher((items: Redemption[]) => this.redeemCodes(items));
  private readonly completions = new MicroBatcher((items: Completion[]) => this.completeMany(items));
  private readonly tokenLookups = new MicroBatcher((tokens: { sessionId: string; hash: string }[]) => this.findByAccessTokens(tokens));

  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
    @Inject(SessionSnapshotStore) private readonly snapshots: SessionSnapshotStore,
  ) {}

  /**
   * Redeems a pre-authorized code in one conditional UPDATE: unused, session active and unexpired, fewer
   * than 5 wrong tx_codes, and the tx_code hash matching (NULL when none is required). Returns undefined
   * when any condition fails; `codeState` then tells which. Concurrent redemptions share the statement.
   */
  redeemCode(args: Redemption): Promise<{ sessionId: string; credentialConfigurationId: string } | undefined> {
    return this.redemptions.run(args);
  }

  /**
   * Many redemptions in one UPDATE. A code that appears twice in a batch (a replay racing the original)
   * matches its session row once: PostgreSQL updates a row at most once per statement, so exactly one of
   * the two gets a RETURNING row and the other fails as already used.
   */
  private async redeemCodes(items: Redemption[]): Promise<({ sessionId: string; credentialConfigurationId: string } | undefined)[]> {
    const p = new SqlParams();
    const input = p.add(
      JSON.stringify(
        items.map((a, ord) => ({
          ord,
          issuer_id: a.issuerId,
          code_hash: a.codeHash,
          tx_code_hash: a.txCodeHash,
          access_token_hash: a.accessTokenHash,
          access_token_expires_at: a.accessTokenExpiresAt,
          access_token_jkt: a.accessTokenJkt,
          credential_identifiers: a.credentialIdentifiers,
          required: a.requiredConfigurationIds,
          request_id: a.requestId,
        })),
      ),
    );
    const sql = `WITH input AS (SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(ord int, issuer_id text, code_hash text, tx_code_hash text,
                   access_token_hash text, access_token_expires_at timestamptz, access_token_jkt text, credential_identifiers jsonb, required text[], request_id text)
                   ${rowsHint(items.length)}),
                 s AS (UPDATE issuer_api.sessions sess SET code_redeemed_at = now(), access_token_hash = i.access_token_hash,
                     access_token_expires_at = i.access_token_expires_at, access_token_jkt = i.access_token_jkt,
                     credential_identifiers = i.credential_identifiers, updated_at = now()
                   FROM input i
                   WHERE sess.pre_auth_code_hash = i.code_hash AND sess.issuer_id = i.issuer_id AND sess.code_redeemed_at IS NULL
                     AND sess.status = 'ACTIVE' AND (sess.expires_at IS NULL OR sess.expires_at > now()) AND sess.tx_attempts < ${MAX_TX_CODE_ATTEMPTS}
                     AND sess.tx_code_hash IS NOT DISTINCT FROM i.tx_code_hash
                     AND sess.credential_configuration_id = ALL(COALESCE(i.required, ARRAY[sess.credential_configuration_id]))
                   RETURNING i.ord, i.request_id, sess.issuer_id, sess.session_id, sess.profile_id, sess.credential_configuration_id),
                 e AS (${insertEventsSql('s', { column: 'request_id' }, [{ event: 'token_request_pre_authorized_code_succeeded' }], p)})
                 SELECT ord, session_id, credential_configuration_id FROM s`;
    const { rows } = await this.db.sql<{ ord: number; session_id: string; credential_configuration_id: string }>(sql, p.values, {
      prepared: true,
    });
    if (rows.length) this.relay.kick();
    const byOrd = new Map(rows.map((r) => [r.ord, { sessionId: r.session_id, credentialConfigurationId: r.credential_configuration_id }]));
    return items.map((_, ord) => byOrd.get(ord));
  }

  /** Why a code did not redeem (the slow path after a failed redeemCode). */
  async codeState(issuerId: string, codeHash: string): Promise<CodeState | undefined> {
    const { rows } = await this.db.sql<{
      session_id: string;
      profile_id: string;
      status: SessionStatus;
      expired: boolean;
      redeemed: boolean;
      tx_attempts: number;
      tx_required: boolean;
      credential_configuration_id: string;
    }>(
      `SELECT session_id, profile_id, status, credential_configuration_id, (expires_at IS NOT NULL AND expires_at <= now()) AS expired, code_redeemed_at IS NOT NULL AS redeemed,
              tx_attempts, tx_code_hash IS NOT NULL AS tx_required
       FROM issuer_api.sessions WHERE pre_auth_code_hash = $1 AND issuer_id = $2`,
      [codeHash, issuerId],
    );
    const r = rows[0];
    return (
      r && {
        sessionId: r.session_id,
        profileId: r.profile_id,
        status: r.status,
        expired: r.expired,
        redeemed: r.redeemed,
        txAttempts: r.tx_attempts,
        txRequired: r.tx_required,
        credentialConfigurationId: r.credential_configuration_id,
      }
    );
  }

  /**
   * Counts a wrong tx_code. The fifth one locks the code for good: the session becomes UNSUCCESSFUL.
   * Returns the attempts made so far.
   */
  async recordWrongTxCode(issuerId: string, sessionId: string, failure: EventSpec, requestId: string): Promise<number> {
    const p = new SqlParams();
    const sql = `WITH s AS (UPDATE issuer_api.sessions SET tx_attempts = tx_attempts + 1, updated_at = now(),
                     status = CASE WHEN tx_attempts + 1 >= ${MAX_TX_CODE_ATTEMPTS} THEN 'UNSUCCESSFUL' ELSE status END,
                     status_reason = CASE WHEN tx_attempts + 1 >= ${MAX_TX_CODE_ATTEMPTS} THEN 'too many wrong tx_code attempts' ELSE status_reason END
                   WHERE session_id = ${p.add(sessionId)} AND issuer_id = ${p.add(issuerId)} AND tx_attempts < ${MAX_TX_CODE_ATTEMPTS}
                   RETURNING issuer_id, session_id, profile_id, tx_attempts, status),
                 e AS (${insertEventsSql('s', requestId, [failure, { event: 'issuance_status_changed', data: { status: 'UNSUCCESSFUL', statusReason: 'too many wrong tx_code attempts' }, onlyWhereSql: `src.status = 'UNSUCCESSFUL'` }], p)})
                 SELECT tx_attempts FROM s`;
    const { rows } = await this.db.sql<{ tx_attempts: number }>(sql, p.values);
    this.relay.kick();
    return rows[0]?.tx_attempts ?? MAX_TX_CODE_ATTEMPTS;
  }

  /** Ends an ACTIVE session as UNSUCCESSFUL (its data cannot make a credential), with the failure and status events. */
  async failIssuance(issuerId: string, sessionId: string, reason: string, failure: EventSpec, requestId: string): Promise<void> {
    const p = new SqlParams();
    const sql = `WITH s AS (UPDATE issuer_api.sessions SET status = 'UNSUCCESSFUL', status_reason = ${p.add(reason)}, updated_at = now()
                   WHERE session_id = ${p.add(sessionId)} AND issuer_id = ${p.add(issuerId)} AND status = 'ACTIVE'
                   RETURNING issuer_id, session_id, profile_id),
                 e AS (${insertEventsSql('s', requestId, [failure, { event: 'issuance_status_changed', data: { status: 'UNSUCCESSFUL', statusReason: reason } }], p)})
                 SELECT 1 FROM s`;
    await this.db.sql(sql, p.values);
    this.relay.kick();
  }

  /** The session of one of our access tokens (common/access-token.ts), by the session's primary key. */
  async findByAccessToken(issuerId: string, accessToken: string): Promise<TokenSession | undefined> {
    const named = parseAccessToken(accessToken);
    const session = named && (await this.tokenLookups.run(named));
    return session?.issuerId === issuerId ? session : undefined;
  }

  private async findByAccessTokens(tokens: { sessionId: string; hash: string }[]): Promise<(TokenSession | undefined)[]> {
    const { rows } = await this.db.sql<{
      access_token_hash: string;
      session_id: string;
      issuer_id: string;
      profile_id: string;
      status: SessionStatus;
      credential_configuration_id: string;
      credential_identifiers: string[] | null;
      snapshot: SessionSnapshot | null;
      snapshot_hash: string | null;
      access_token_expires_at: Date;
      access_token_jkt: string | null;
    }>(
      `SELECT access_token_hash, session_id, issuer_id, profile_id, status, credential_configuration_id, credential_identifiers, snapshot,
              snapshot_hash, access_token_expires_at, access_token_jkt
       FROM issuer_api.sessions WHERE session_id = ANY($1::text[]) AND access_token_hash = ANY($2::text[])`,
      [tokens.map((t) => t.sessionId), tokens.map((t) => t.hash)],
    );
    // A shared snapshot comes from memory (it never changes), so it is neither read nor parsed per credential.
    const snapshots = await Promise.all(rows.map((r) => r.snapshot ?? this.snapshots.get(r.snapshot_hash!)));
    const byHash = new Map(
      rows.map((r, index) => [
        r.access_token_hash,
        {
          sessionId: r.session_id,
          issuerId: r.issuer_id,
          profileId: r.profile_id,
          status: r.status,
          credentialConfigurationId: r.credential_configuration_id,
          credentialIdentifiers: r.credential_identifiers,
          snapshot: snapshots[index],
          accessTokenExpiresAt: r.access_token_expires_at,
          accessTokenJkt: r.access_token_jkt,
        } satisfies TokenSession,
      ]),
    );
    // A row matches a token only with that token's own hash: a session id paired with another token's hash finds nothing.
    return tokens.map((t) => {
      const session = byHash.get(t.hash);
      return session?.sessionId === t.sessionId ? session : undefined;
    });
  }

  /**
   * Finishes one credential request in one statement: consumes the proofs' nonces (single use), appends the
   * credentials to the session, marks it SUCCESSFUL and writes the success event (plus the status event on the
   * first issuance). A token may request credentials again while it is valid (OID4VCI 1.0 §8, §14.3), so an
   * ACTIVE or SUCCESSFUL session takes more; nothing changes unless every nonce was fresh.
   */
  completeIssuance(args: Completion): Promise<'issued' | 'nonce_reused' | 'session_closed'> {
    return this.completions.run(args);
  }

  /**
   * Many completions in few statements (grouped by success event name). A nonce named by two requests of
   * the batch is granted to the first only (DISTINCT ON), so single use holds inside a batch as it does across
   * batches. PostgreSQL updates a row at most once per statement, so two requests of one session (one token,
   * OID4VCI 1.0 §8) go in consecutive statements.
   */
  private async completeMany(items: Completion[]): Promise<('issued' | 'nonce_reused' | 'session_closed')[]> {
    const results = new Array<'issued' | 'nonce_reused' | 'session_closed'>(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((item, index) => groups.set(item.successEvent.event, [...(groups.get(item.successEvent.event) ?? []), index]));
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        // A session updated twice in one statement keeps one of the updates: requests of one token go in turns.
        for (const round of roundsBySession(indexes, (i) => items[i].sessionId)) {
          const outcomes = await this.completeGroup(round.map((i) => items[i]));
          round.forEach((itemIndex, k) => (results[itemIndex] = outcomes[k]));
        }
      }),
    );
    return results;
  }

  private async completeGroup(items: Completion[]): Promise<('issued' | 'nonce_reused' | 'session_closed')[]> {
    const p = new SqlParams();
    const input = p.add(
      JSON.stringify(
        items.map((a, ord) => ({
          ord,
          issuer_id: a.issuerId,
          session_id: a.sessionId,
          nonce_hashes: a.nonceHashes,
          nonce_expires_at: a.nonceExpiresAt,
          credentials: a.credentials,
          success_data: a.successEvent.data ?? {},
          request_id: a.requestId,
        })),
      ),
    );
    const success: EventSpec = { ...items[0].successEvent, data: undefined, rowDataSql: 'src.success_data' };
    const sql = `WITH input AS (SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(ord int, issuer_id text, session_id text,
                   nonce_hashes text[], nonce_expires_at timestamptz, credentials jsonb, success_data jsonb, request_id text) ${rowsHint(items.length)}),
                 wanted AS (SELECT DISTINCT ON (h) h AS nonce_hash, i.ord, i.nonce_expires_at FROM input i, unnest(i.nonce_hashes) AS h ORDER BY h, i.ord),
                 n AS (INSERT INTO issuer_api.used_nonces (nonce_hash, expires_at) SELECT nonce_hash, nonce_expires_at FROM wanted
                   ON CONFLICT DO NOTHING RETURNING nonce_hash),
                 granted AS (SELECT w.ord, count(*)::int AS c FROM wanted w JOIN n USING (nonce_hash) GROUP BY w.ord),
                 ok AS (SELECT i.* FROM input i LEFT JOIN granted g ON g.ord = i.ord WHERE COALESCE(g.c, 0) = cardinality(i.nonce_hashes)),
                 s AS (UPDATE issuer_api.sessions sess SET status = 'SUCCESSFUL', credentials = sess.credentials || ok.credentials, updated_at = now()
                   FROM ok WHERE sess.session_id = ok.session_id AND sess.issuer_id = ok.issuer_id AND sess.status IN ('ACTIVE', 'SUCCESSFUL')
                   RETURNING ok.ord, ok.request_id, ok.success_data, sess.issuer_id, sess.session_id, sess.profile_id,
                     jsonb_array_length(sess.credentials) = jsonb_array_length(ok.credentials) AS first_issuance),
                 e AS (${insertEventsSql('s', { column: 'request_id' }, [success, { event: 'issuance_status_changed', data: { status: 'SUCCESSFUL' }, onlyWhereSql: 'src.first_issuance' }], p)})
                 SELECT i.ord, COALESCE(g.c, 0) AS granted, cardinality(i.nonce_hashes) AS wanted, EXISTS (SELECT 1 FROM s WHERE s.ord = i.ord) AS updated
                 FROM input i LEFT JOIN granted g ON g.ord = i.ord`;
    const { rows } = await this.db.sql<{ ord: number; granted: number; wanted: number; updated: boolean }>(sql, p.values, {
      prepared: true,
    });
    if (rows.some((r) => r.updated)) this.relay.kick();
    const byOrd = new Map(rows.map((r) => [r.ord, r]));
    return items.map((_, ord) => {
      const r = byOrd.get(ord)!;
      if (r.updated) return 'issued';
      return r.granted < r.wanted ? 'nonce_reused' : 'session_closed';
    });
  }
}

/** Splits indexes into rounds in which every session appears at most once, keeping arrival order. */
function roundsBySession(indexes: number[], sessionOf: (index: number) => string): number[][] {
  const rounds: { sessions: Set<string>; indexes: number[] }[] = [];
  for (const index of indexes) {
    const session = sessionOf(index);
    let round = rounds.find((r) => !r.sessions.has(session));
    if (!round) rounds.push((round = { sessions: new Set(), indexes: [] }));
    round.sessions.add(session);
    round.indexes.push(index);
  }
  return rounds.map((r) => r.indexes);
}
