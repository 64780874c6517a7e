import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

export interface RefreshTokenRecord {
  familyId: string;
  sessionId: string;
  clientId: string;
  jkt: string | null;
  authorizationDetails: unknown;
}

interface Row {
  family_id: string;
  session_id: string;
  client_id: string;
  jkt: string | null;
  authorization_details: unknown;
}

const toRecord = (r: Row): RefreshTokenRecord => ({
  familyId: r.family_id,
  sessionId: r.session_id,
  clientId: r.client_id,
  jkt: r.jkt,
  authorizationDetails: r.authorization_details,
});

/** What the token request proved: the client it names (or that attested) and its DPoP key. */
export interface RefreshTokenPresenter {
  clientId?: string;
  jkt?: string;
}

export type RefreshTokenUse =
  /** Consumed now: the caller issues its successor. */
  | { outcome: 'used'; record: RefreshTokenRecord }
  /** Used before: a replay, the whole family is revoked now. */
  | { outcome: 'replayed'; record: RefreshTokenRecord }
  /** Valid and unused, but bound to another client or DPoP key than the request's: left as it is. */
  | { outcome: 'mismatch'; record: RefreshTokenRecord };

/**
 * Rotating refresh tokens (RFC 9700 §4.14.2): each use consumes the token (one conditional UPDATE, so two
 * replicas cannot both accept it) and the successor joins its family; a token presented again after its use is
 * a replay, and the whole family is revoked. A token is consumed only by a request of its own client and, when
 * it is DPoP-bound, with its key (RFC 9449 §5): someone holding a stolen token without the key cannot use it up
 * and so make the rightful wallet look like a replayer.
 */
@Injectable()
export class RefreshTokenRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** See {@link RefreshTokenUse}; undefined when the token is unknown, expired or revoked. */
  async consume(issuerId: string, tokenHash: string, presenter: RefreshTokenPresenter = {}): Promise<RefreshTokenUse | undefined> {
    const { rows } = await this.db.sql<Row>(
      `UPDATE issuer_api.refresh_tokens SET used_at = now()
       WHERE token_hash = $1 AND issuer_id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
         AND ($3::text IS NULL OR client_id = $3) AND (jkt IS NULL OR jkt = $4::text)
       RETURNING family_id, session_id, client_id, jkt, authorization_details`,
      [tokenHash, issuerId, presenter.clientId ?? null, presenter.jkt ?? null],
    );
    if (rows[0]) return { outcome: 'used', record: toRecord(rows[0]) };
    const { rows: found } = await this.db.sql<Row & { used: boolean; usable: boolean }>(
      `SELECT family_id, session_id, client_id, jkt, authorization_details, used_at IS NOT NULL AS used,
              (used_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS usable
       FROM issuer_api.refresh_tokens WHERE token_hash = $1 AND issuer_id = $2`,
      [tokenHash, issuerId],
    );
    const token = found[0];
    if (!token) return undefined;
    if (token.usable) return { outcome: 'mismatch', record: toRecord(token) };
    if (!token.used) return undefined;
    await this.db.sql(`UPDATE issuer_api.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
      token.family_id,
    ]);
    return { outcome: 'replayed', record: toRecord(token) };
  }
}
