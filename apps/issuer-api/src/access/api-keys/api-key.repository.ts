import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { sqlWithPendingAudit, type PendingAudit } from '../../audit/pending-audit';
import { ISSUER_API_DB } from '../../database/issuer-api-database';
import type { PrincipalType } from '../principal';
import type { Role } from '../role';

/** An API key as stored and shown: never the key, never its hash. */
export interface ApiKeyRecord {
  apiKeyId: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  keyPrefix: string;
  roles: Role[];
  issuers: string[] | '*';
  createdBy: { type: PrincipalType; id: string };
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  api_key_id: string;
  name: string;
  key_prefix: string;
  roles: Role[];
  issuers: string[];
  created_by: { type: PrincipalType; id: string };
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'api_key_id, name, key_prefix, roles, issuers, created_by, created_at, expires_at, revoked_at';
// "*" is stored as the one-element array ['*'], so the column keeps one type.
const toRecord = (r: Row): ApiKeyRecord => ({
  apiKeyId: r.api_key_id,
  name: r.name,
  keyPrefix: r.key_prefix,
  roles: r.roles,
  issuers: r.issuers.includes('*') ? '*' : r.issuers,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/**
 * issuer_api.api_keys. Every authenticated request reads its key here (one unique-index lookup by hash), so a
 * revocation holds on every replica from the moment it commits; no replica keeps a copy it would have to forget.
 * Revoked keys stay as rows (without a usable hash match) so that their id still names someone in records.
 */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** `audit`: the admin change's record, appended in its transaction (audit/pending-audit.ts), like the revocation's. */
  async insert(
    key: {
      apiKeyId: string;
      keyHash: string;
      keyPrefix: string;
      name: string;
      roles: Role[];
      issuers: string[] | '*';
      createdBy: { type: PrincipalType; id: string };
      expiresAt: Date | null;
    },
    audit?: PendingAudit,
  ): Promise<ApiKeyRecord> {
    const { rows } = await sqlWithPendingAudit<Row>(
      this.db,
      audit,
      `INSERT INTO issuer_api.api_keys (api_key_id, key_hash, key_prefix, name, roles, issuers, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        key.apiKeyId,
        key.keyHash,
        key.keyPrefix,
        key.name,
        key.roles,
        key.issuers === '*' ? ['*'] : key.issuers,
        JSON.stringify(key.createdBy),
        key.expiresAt,
      ],
      key.apiKeyId,
    );
    return toRecord(rows[0]!);
  }

  /** The keys not revoked, newest first (expired ones included: they show why a client is refused). */
  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.db.sql<Row>(`SELECT ${COLUMNS} FROM issuer_api.api_keys WHERE revoked_at IS NULL ORDER BY created_at DESC`);
    return rows.map(toRecord);
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.db.sql<Row>(`SELECT ${COLUMNS} FROM issuer_api.api_keys WHERE key_hash = $1`, [keyHash]);
    return rows[0] && toRecord(rows[0]);
  }

  async findById(apiKeyId: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.db.sql<Row>(`SELECT ${COLUMNS} FROM issuer_api.api_keys WHERE api_key_id = $1`, [apiKeyId]);
    return rows[0] && toRecord(rows[0]);
  }

  /** False when there is no such key, or it was revoked already. */
  async revoke(apiKeyId: string, audit?: PendingAudit): Promise<boolean> {
    const { rowCount } = await sqlWithPendingAudit(
      this.db,
      audit,
      `UPDATE issuer_api.api_keys SET revoked_at = now() WHERE api_key_id = $1 AND revoked_at IS NULL`,
      [apiKeyId],
    );
    return rowCount > 0;
  }
}
