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

/**
 * Rotating refresh tokens (RFC 9700 §4.14.2): each use consumes the token (one conditional UPDATE, so two
 * replicas cannot both accept it) and the successor joins its family; a token presented again after its use is
 * a replay, and the whole family is revoked.
 */
@Injectable()
export class RefreshTokenRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** `used` on first use; `replayed` (family revoked) when it was used before; undefined when unknown, expired or revoked. */
  async consume(issuerId: string, tokenHash: string): Promise<{ outcome: 'used' | 'replayed'; record: RefreshTokenRecord } | undefined> {
    const { rows } = await this.db.sql<Row>(
      `UPDATE issuer_api.refresh_tokens SET used_at = now()
       WHERE token_hash = $1 AND issuer_id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING family_id, session_id, client_id, jkt, authorization_details`,
      [tokenHash, issuerId],
    );
    if (rows[0]) return { outcome: 'used', record: toRecord(rows[0]) };
    const { rows: replayed } = await this.db.sql<Row>(
      `SELECT family_id, session_id, client_id, jkt, authorization_details FROM issuer_api.refresh_tokens
       WHERE token_hash = $1 AND issuer_id = $2 AND used_at IS NOT NULL`,
      [tokenHash, issuerId],
    );
    if (!replayed[0]) return undefined;
    await this.db.sql(`UPDATE issuer_api.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
      replayed[0].family_id,
    ]);
    return { outcome: 'replayed', record: toRecord(replayed[0]) };
  }
}
