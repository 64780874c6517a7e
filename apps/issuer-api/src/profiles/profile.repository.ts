import type { ServiceDatabase } from '@issuer/platform';
import { appendPendingAudit, markAuditRecorded, sqlWithPendingAudit, type PendingAudit } from '../audit/pending-audit';
import { rethrowIssuerGone } from '../issuers/issuer-gone';
import { holdKeysInUse } from '../keys/key-deletion.lock';
import type { ProfileBody } from './profile.schema';

/** One stored version of a profile (every create and update writes one; offers name theirs). */
export interface ProfileVersionRecord {
  issuerId: string;
  profileId: string;
  version: number;
  body: ProfileBody;
  createdAt: Date;
}

export interface ProfileVersionSummary {
  version: number;
  name: string;
  credentialConfigurationId: string;
  createdAt: Date;
}

export interface ProfileRecord {
  issuerId: string;
  profileId: string;
  version: number;
  status: 'ACTIVE' | 'INACTIVE';
  body: ProfileBody;
  createdAt: Date;
  updatedAt: Date;
}

interface ProfileRow {
  issuer_id: string;
  profile_id: string;
  version: number;
  status: 'ACTIVE' | 'INACTIVE';
  body: ProfileBody;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'issuer_id, profile_id, version, status, body, created_at, updated_at';
const toRecord = (r: ProfileRow): ProfileRecord => ({
  issuerId: r.issuer_id,
  profileId: r.profile_id,
  version: r.version,
  status: r.status,
  body: r.body,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** issuer_api.profiles (current version) and issuer_api.profile_versions (every version, for offers). */
export class ProfileRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Inserts version 1; undefined when the id is taken. `audit`: the admin change's record, in its transaction (here and below). */
  async insert(issuerId: string, profileId: string, body: ProfileBody, audit?: PendingAudit): Promise<ProfileRecord | undefined> {
    const rows = await this.withKeyHeld(
      body,
      `WITH p AS (INSERT INTO issuer_api.profiles (issuer_id, profile_id, version, status, body)
                  VALUES ($1, $2, 1, 'ACTIVE', $3) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}),
            v AS (INSERT INTO issuer_api.profile_versions (issuer_id, profile_id, version, body) SELECT issuer_id, profile_id, version, body FROM p)
       SELECT * FROM p`,
      [issuerId, profileId, body],
      audit,
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Stores a new version; a deleted (INACTIVE) profile stays inactive. */
  async update(issuerId: string, profileId: string, body: ProfileBody, audit?: PendingAudit): Promise<ProfileRecord | undefined> {
    const rows = await this.withKeyHeld(
      body,
      `WITH p AS (UPDATE issuer_api.profiles SET version = version + 1, body = $3, updated_at = now()
                  WHERE issuer_id = $1 AND profile_id = $2 AND status = 'ACTIVE' RETURNING ${COLUMNS}),
            v AS (INSERT INTO issuer_api.profile_versions (issuer_id, profile_id, version, body) SELECT issuer_id, profile_id, version, body FROM p)
       SELECT * FROM p`,
      [issuerId, profileId, body],
      audit,
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Writes while holding the profile's signing key against a concurrent delete (keys/key-deletion.lock.ts). */
  private async withKeyHeld(
    body: ProfileBody,
    text: string,
    parameters: unknown[],
    audit: PendingAudit | undefined,
  ): Promise<ProfileRow[]> {
    const rows = await this.db
      .transaction(async (client) => {
        await holdKeysInUse(client, [{ keyId: body.issuerKeyId, path: 'issuerKeyId' }]);
        const { rows } = await client.query<ProfileRow>(text, parameters);
        // The admin change's audit record commits with it (audit/pending-audit.ts).
        if (rows[0]) await appendPendingAudit(client, audit, rows[0].profile_id);
        return rows;
      })
      .catch(rethrowIssuerGone);
    if (rows[0]) markAuditRecorded(audit);
    return rows;
  }

  async find(issuerId: string, profileId: string): Promise<ProfileRecord | undefined> {
    const { rows } = await this.db.sql<ProfileRow>(`SELECT ${COLUMNS} FROM issuer_api.profiles WHERE issuer_id = $1 AND profile_id = $2`, [
      issuerId,
      profileId,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  /** The ACTIVE profiles serving wallet-initiated requests for a configuration (at most one is allowed). */
  async findWalletInitiated(issuerId: string, credentialConfigurationId: string): Promise<ProfileRecord[]> {
    const { rows } = await this.db.sql<ProfileRow>(
      `SELECT ${COLUMNS} FROM issuer_api.profiles
       WHERE issuer_id = $1 AND status = 'ACTIVE' AND body->>'credentialConfigurationId' = $2 AND (body->'walletInitiated') = 'true'::jsonb
       ORDER BY created_at LIMIT 10`,
      [issuerId, credentialConfigurationId],
    );
    return rows.map(toRecord);
  }

  async list(issuerId: string): Promise<ProfileRecord[]> {
    const { rows } = await this.db.sql<ProfileRow>(
      `SELECT ${COLUMNS} FROM issuer_api.profiles WHERE issuer_id = $1 ORDER BY created_at, profile_id LIMIT 1000`,
      [issuerId],
    );
    return rows.map(toRecord);
  }

  /** The versions of a profile, newest first, with what a listing shows of each (the bodies: {@link findVersion}). */
  async listVersions(issuerId: string, profileId: string, limit: number): Promise<ProfileVersionSummary[]> {
    const { rows } = await this.db.sql<{ version: number; name: string; credential_configuration_id: string; created_at: Date }>(
      `SELECT version, body->>'name' AS name, body->>'credentialConfigurationId' AS credential_configuration_id, created_at
       FROM issuer_api.profile_versions WHERE issuer_id = $1 AND profile_id = $2 ORDER BY version DESC LIMIT $3`,
      [issuerId, profileId, limit],
    );
    return rows.map((r) => ({
      version: r.version,
      name: r.name,
      credentialConfigurationId: r.credential_configuration_id,
      createdAt: r.created_at,
    }));
  }

  async findVersion(issuerId: string, profileId: string, version: number): Promise<ProfileVersionRecord | undefined> {
    const { rows } = await this.db.sql<{ body: ProfileBody; created_at: Date }>(
      `SELECT body, created_at FROM issuer_api.profile_versions WHERE issuer_id = $1 AND profile_id = $2 AND version = $3`,
      [issuerId, profileId, version],
    );
    return rows[0] && { issuerId, profileId, version, body: rows[0].body, createdAt: rows[0].created_at };
  }

  /** Soft delete: the profile and its versions stay (open offers keep working), no new offers. */
  async deactivate(issuerId: string, profileId: string, audit?: PendingAudit): Promise<boolean> {
    const { rowCount } = await sqlWithPendingAudit(
      this.db,
      audit,
      `UPDATE issuer_api.profiles SET status = 'INACTIVE', updated_at = now() WHERE issuer_id = $1 AND profile_id = $2 AND status = 'ACTIVE'`,
      [issuerId, profileId],
    );
    return rowCount > 0;
  }
}
