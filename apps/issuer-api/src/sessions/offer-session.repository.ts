import { Inject, Injectable } from '@nestjs/common';
import type { CredentialOffer } from '@issuer/oid4vci';
import {
  AppError,
  FOREIGN_KEY_VIOLATION,
  MicroBatcher,
  NOT_NULL_VIOLATION,
  sqlState,
  UNIQUE_VIOLATION,
  violatedColumn,
  type OutboxRelay,
  type ServiceDatabase,
} from '@issuer/platform';
import type { AuditRecord } from '@issuer/contracts';
import { auditInsertParts } from '../audit/audit-sql';
import { rethrowIssuerGone } from '../issuers/issuer-gone';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, rowsHint, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { SessionSnapshot } from './session-snapshot';
import { SessionSnapshotStore } from './session-snapshot.store';

/**
 * The offer's profile id while that profile is ACTIVE in the database, else NULL, which the NOT NULL column refuses:
 * the statement fails as a whole (nothing of it is written) and the request gets the 404 of an inactive profile. The
 * service checked the profile in its cache; this closes the window in which another replica's cache still holds a
 * profile whose deletion has already been answered (API.md §5: no new offers once the DELETE answered 204).
 */
const ACTIVE_PROFILE_ID = `CASE WHEN EXISTS (SELECT 1 FROM issuer_api.profiles p
    WHERE p.issuer_id = input."issuerId" AND p.profile_id = input."profileId" AND p.status = 'ACTIVE') THEN input."profileId" END`;

/** The insert failed because an offer's profile is no longer active (see ACTIVE_PROFILE_ID). */
function profileInactive(error: unknown): boolean {
  return sqlState(error) === NOT_NULL_VIOLATION && violatedColumn(error) === 'profile_id';
}

export interface NewSession {
  sessionId: string;
  offerId: string;
  profileId: string;
  profileVersion: number;
  authMethod: string;
  credentialConfigurationId: string;
  snapshot: SessionSnapshot;
  /** The snapshot is the profile's own (no per-offer overrides): stored once by content hash, not in the row. */
  shareSnapshot?: boolean;
  credentialOffer: CredentialOffer;
  /** Null for an authorization code offer. */
  preAuthCodeHash: string | null;
  txCodeHash: string | null;
  /** The hashed `issuer_state` of an authorization code offer (API.md §11). */
  issuerStateHash: string | null;
  expiresAt: Date | null;
}

interface OfferInsert {
  issuerId: string;
  sessions: NewSession[];
  requestId: string;
  /** The admin request's audit record, written by the same statement (API.md §13: it commits with the offers). */
  audit?: AuditRecord;
}

interface OfferRead {
  issuerId: string;
  offerId: string;
  requestId: string;
}

/**
 * Sessions as offers: creation (with `credential_offer_created`) and reads of the `credential_offer_uri`
 * (with `credential_offer_retrieved`). Concurrent requests share one statement (MicroBatcher).
 */
@Injectable()
export class OfferSessionRepository {
  private readonly offerReads = new MicroBatcher((items: OfferRead[]) => this.retrieveOffers(items));
  private readonly offerInserts = new MicroBatcher((items: OfferInsert[]) => this.insertOfferBatches(items));

  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
    @Inject(SessionSnapshotStore) private readonly snapshots: SessionSnapshotStore,
  ) {}

  /** Creates sessions with their offers (all or none), `credential_offer_created` events and the request's audit record. */
  async createWithOffers(issuerId: string, sessions: NewSession[], requestId: string, audit?: AuditRecord): Promise<void> {
    const error = await this.offerInserts.run({ issuerId, sessions, requestId, audit });
    if (!error) return;
    if (profileInactive(error)) throw AppError.notFound(`active profile ${sessions[0]?.profileId}`);
    if (sqlState(error) === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', 'a session with this sessionId already exists', [{ path: 'sessionId', message: 'already exists' }], {
        cause: error,
      });
    }
    rethrowIssuerGone(error);
  }

  /**
   * Inserts the offers of several requests in one statement. If any sessionId is taken (or any issuer was just
   * deleted, or any profile deactivated), the statement fails as a whole, so each request is then retried alone: only
   * the one with the conflict gets it.
   */
  private async insertOfferBatches(batches: OfferInsert[]): Promise<unknown[]> {
    if (batches.length > 1) {
      try {
        await this.insertOffers(batches);
        return batches.map(() => undefined);
      } catch (error) {
        const state = sqlState(error);
        if (state !== UNIQUE_VIOLATION && state !== FOREIGN_KEY_VIOLATION && !profileInactive(error)) throw error;
      }
    }
    return Promise.all(
      batches.map((batch) =>
        this.insertOffers([batch]).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
  }

  private async insertOffers(batches: OfferInsert[]): Promise<void> {
    const p = new SqlParams();
    const unstored = new Map<string, string>();
    const rows = batches.flatMap((b) =>
      b.sessions.map(({ shareSnapshot, snapshot, ...s }) => {
        if (!shareSnapshot) return { ...s, snapshot, snapshotHash: null, issuerId: b.issuerId, requestId: b.requestId };
        const shared = this.snapshots.shared(snapshot);
        if (!this.snapshots.isStored(shared.hash)) unstored.set(shared.hash, shared.json);
        return { ...s, snapshot: null, snapshotHash: shared.hash, issuerId: b.issuerId, requestId: b.requestId };
      }),
    );
    const input = p.add(JSON.stringify(rows.map((s, ord) => ({ ...s, ord }))));
    // Snapshots this process has not seen stored go in with the sessions naming them (a no-op if another replica did).
    const snapshotsSql = unstored.size
      ? `snap AS (INSERT INTO issuer_api.session_snapshots (hash, body)
            SELECT x.hash, x.body::jsonb FROM jsonb_to_recordset(${p.add(JSON.stringify([...unstored].map(([hash, body]) => ({ hash, body }))))}::jsonb) AS x(hash text, body text)
            ON CONFLICT DO NOTHING),`
      : '';
    const audits = batches.flatMap((b) => (b.audit ? [b.audit] : []));
    const audit = audits.length ? auditInsertParts(audits, (value) => p.add(value)) : undefined;
    const auditSql = audit ? `${audit.ctes}, audit_out AS (${audit.outboxInsert}),` : '';
    const sql = `WITH ${snapshotsSql} ${auditSql} input AS (
        SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x("sessionId" text, "issuerId" text, "requestId" text, "offerId" uuid,
          "profileId" text, "profileVersion" int, "authMethod" text, "credentialConfigurationId" text, snapshot jsonb, "snapshotHash" text,
          "credentialOffer" jsonb, "preAuthCodeHash" text, "txCodeHash" text, "issuerStateHash" text, "expiresAt" timestamptz, ord int)),
      s AS (INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
              credential_configuration_id, snapshot, snapshot_hash, credential_offer, pre_auth_code_hash, tx_code_hash, issuer_state_hash, expires_at)
            SELECT "sessionId", "issuerId", ${ACTIVE_PROFILE_ID}, "profileVersion", "offerId", "authMethod", 'ACTIVE', "credentialConfigurationId",
                   snapshot, "snapshotHash", "credentialOffer", "preAuthCodeHash", "txCodeHash", "issuerStateHash", "expiresAt" FROM input ORDER BY ord
            RETURNING issuer_id, session_id, profile_id, offer_id, auth_method, credential_configuration_id, profile_version, expires_at),
      r AS (SELECT s.*, i."requestId" AS request_id FROM s JOIN input i ON i."sessionId" = s.session_id)
      ${insertEventsSql('r', { column: 'request_id' }, [{ event: 'credential_offer_created' }], p, `jsonb_build_object('offerId', src.offer_id, 'authMethod', src.auth_method, 'credentialConfigurationId', src.credential_configuration_id, 'profileVersion', src.profile_version, 'expiresAt', src.expires_at)`)}`;
    await this.db.sql(sql, p.values, { prepared: true });
    for (const hash of unstored.keys()) this.snapshots.markStored(hash);
    // The audit record's relay is kicked by the interceptor once the request has its outcome.
    this.relay.kick();
  }

  /** The offer behind a `credential_offer_uri`, if it is still open; records `credential_offer_retrieved`. */
  retrieveOffer(issuerId: string, offerId: string, requestId: string): Promise<CredentialOffer | undefined> {
    return this.offerReads.run({ issuerId, offerId, requestId });
  }

  private async retrieveOffers(reads: OfferRead[]): Promise<(CredentialOffer | undefined)[]> {
    const p = new SqlParams();
    const input = p.add(
      JSON.stringify(reads.map((r, ord) => ({ ord, offer_id: r.offerId, issuer_id: r.issuerId, request_id: r.requestId }))),
    );
    const sql = `WITH input AS (SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(ord int, offer_id uuid, issuer_id text, request_id text) ${rowsHint(reads.length)}),
                 s AS (SELECT i.ord, i.request_id, sess.issuer_id, sess.session_id, sess.profile_id, sess.credential_offer
                   FROM input i JOIN issuer_api.sessions sess ON sess.offer_id = i.offer_id AND sess.issuer_id = i.issuer_id
                   WHERE sess.status = 'ACTIVE' AND (sess.expires_at IS NULL OR sess.expires_at > now())),
                 e AS (${insertEventsSql('s', { column: 'request_id' }, [{ event: 'credential_offer_retrieved' }], p)})
                 SELECT ord, credential_offer FROM s`;
    // Reading an offer changes no state: its event is committed without waiting for the WAL flush.
    const { rows } = await this.db.sqlRelaxed<{ ord: number; credential_offer: CredentialOffer }>(sql, p.values, { prepared: true });
    if (rows.length) this.relay.kick();
    const byOrd = new Map(rows.map((r) => [r.ord, r.credential_offer]));
    return reads.map((_, ord) => byOrd.get(ord));
  }
}
