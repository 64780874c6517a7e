import { Inject, Injectable } from '@nestjs/common';
import type { CredentialOffer } from '@issuer/oid4vci';
import type { OutboxRelay, ServiceDatabase } from '@issuer/platform';
import { appendPendingAudit, markAuditRecorded, type PendingAudit } from '../audit/pending-audit';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventsSql, SqlParams } from '../events/event-sql';
import { ISSUER_EVENTS_RELAY } from '../events/events.tokens';
import type { IssuedCredentialRecord, SessionDto, SessionStatus } from './session.types';

interface SessionRow {
  session_id: string;
  issuer_id: string;
  profile_id: string;
  profile_version: number;
  auth_method: string;
  status: SessionStatus;
  status_reason: string | null;
  created_at: Date;
  expires_at: Date | null;
  credentials: IssuedCredentialRecord[];
  credential_offer: CredentialOffer;
}

const COLUMNS =
  'session_id, issuer_id, profile_id, profile_version, auth_method, status, status_reason, created_at, expires_at, credentials, credential_offer';

function toDto(r: SessionRow): SessionDto {
  return {
    sessionId: r.session_id,
    issuerId: r.issuer_id,
    profileId: r.profile_id,
    profileVersion: r.profile_version,
    authMethod: r.auth_method,
    status: r.status,
    ...(r.status_reason ? { statusReason: r.status_reason } : {}),
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    // statusRevision orders status changes internally (status-lists/credential-status.repository.ts).
    credentials: r.credentials.map(
      ({ statusRevision: _revision, ...credential }: IssuedCredentialRecord & { statusRevision?: number }) => credential,
    ),
    credentialOffer: redactOffer(r.credential_offer),
  };
}

/** The pre-authorized code is a bearer secret: admin views show that it exists, never its value. */
function redactOffer(offer: CredentialOffer): CredentialOffer {
  const copy = structuredClone(offer) as CredentialOffer & { grants?: Record<string, Record<string, unknown>> };
  const grant = copy.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
  if (grant) grant['pre-authorized_code'] = '***';
  return copy;
}

/** Admin reads and the purge of one session. */
@Injectable()
export class SessionAdminRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async get(issuerId: string, sessionId: string): Promise<SessionDto | undefined> {
    const { rows } = await this.db.sql<SessionRow>(`SELECT ${COLUMNS} FROM issuer_api.sessions WHERE issuer_id = $1 AND session_id = $2`, [
      issuerId,
      sessionId,
    ]);
    return rows[0] && toDto(rows[0]);
  }

  async exists(issuerId: string, sessionId: string): Promise<boolean> {
    const { rowCount } = await this.db.sql('SELECT 1 FROM issuer_api.sessions WHERE issuer_id = $1 AND session_id = $2', [
      issuerId,
      sessionId,
    ]);
    return rowCount > 0;
  }

  /** Newest first; the cursor is the last session id of the previous page. */
  async list(
    issuerId: string,
    filter: { status?: string; profileId?: string; limit: number; cursor?: string },
  ): Promise<{ items: SessionDto[]; nextCursor?: string }> {
    const p = new SqlParams();
    const where = [`issuer_id = ${p.add(issuerId)}`];
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    if (filter.profileId) where.push(`profile_id = ${p.add(filter.profileId)}`);
    if (filter.cursor) {
      const c = p.add(filter.cursor);
      where.push(`(created_at, session_id) < (SELECT created_at, session_id FROM issuer_api.sessions WHERE session_id = ${c})`);
    }
    const { rows } = await this.db.sql<SessionRow>(
      `SELECT ${COLUMNS} FROM issuer_api.sessions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, session_id DESC LIMIT ${p.add(filter.limit + 1)}`,
      p.values,
    );
    const items = rows.slice(0, filter.limit).map(toDto);
    return { items, ...(rows.length > filter.limit ? { nextCursor: items[items.length - 1].sessionId } : {}) };
  }

  /** Deletes a session and its stored events (PII), leaving one `session_purged` event. */
  async purge(issuerId: string, sessionId: string, requestId: string, audit?: PendingAudit): Promise<boolean> {
    const p = new SqlParams();
    const sql = `WITH d AS (DELETE FROM issuer_api.sessions WHERE issuer_id = ${p.add(issuerId)} AND session_id = ${p.add(sessionId)}
                   RETURNING issuer_id, session_id, profile_id),
                 de AS (DELETE FROM issuer_api.events WHERE session_id IN (SELECT session_id FROM d) AND issuer_id IN (SELECT issuer_id FROM d)),
                 e AS (${insertEventsSql('d', requestId, [{ event: 'session_purged' }], p)})
                 SELECT count(*)::int AS purged FROM d`;
    const { rows } = await this.db.transaction(async (client) => {
      const result = await client.query<{ purged: number }>(sql, p.values);
      // The admin change's audit record commits with the purge (audit/pending-audit.ts).
      if (result.rows[0]!.purged > 0) await appendPendingAudit(client, audit);
      return result;
    });
    if (rows[0]!.purged === 0) return false;
    markAuditRecorded(audit);
    this.relay.kick();
    return true;
  }
}
