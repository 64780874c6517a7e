import type { PoolClient } from 'pg';
import type { ServiceDatabase } from '@issuer/platform';
import { appendPendingAudit, markAuditRecorded, sqlWithPendingAudit, type PendingAudit } from '../audit/pending-audit';
import { holdKeyForDelete, holdKeysInUse } from '../keys/key-deletion.lock';
import type { IssuerConfig } from './issuer-config.schema';

export interface IssuerRecord {
  config: IssuerConfig;
  createdAt: Date;
  updatedAt: Date;
}

interface IssuerRow {
  config: IssuerConfig;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (row: IssuerRow): IssuerRecord => ({ config: row.config, createdAt: row.created_at, updatedAt: row.updated_at });

/** The issuer_api.issuers table. */
export class IssuerRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Inserts; returns undefined when the id is taken. `audit`: the admin change's record, in its transaction (here and below). */
  async insert(config: IssuerConfig, audit?: PendingAudit): Promise<IssuerRecord | undefined> {
    const rows = await this.withKeysHeld(
      config,
      `INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING config, created_at, updated_at`,
      audit,
    );
    return rows[0] && toRecord(rows[0]);
  }

  async update(config: IssuerConfig, audit?: PendingAudit): Promise<IssuerRecord | undefined> {
    const rows = await this.withKeysHeld(
      config,
      `UPDATE issuer_api.issuers SET config = $2, updated_at = now() WHERE issuer_id = $1 RETURNING config, created_at, updated_at`,
      audit,
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Writes while holding the issuer's keys against a concurrent delete (keys/key-deletion.lock.ts). */
  private async withKeysHeld(config: IssuerConfig, text: string, audit: PendingAudit | undefined): Promise<IssuerRow[]> {
    const keys = [
      { keyId: config.tokenKeyId, path: 'tokenKeyId' },
      { keyId: config.statusListKeyId, path: 'statusListKeyId' },
      { keyId: config.signedMetadata?.keyId, path: 'signedMetadata.keyId' },
    ].filter((k): k is { keyId: string; path: string } => k.keyId !== undefined);
    const rows = await this.db.transaction(async (client) => {
      await holdKeysInUse(client, keys);
      const { rows } = await client.query<IssuerRow>(text, [config.id, config]);
      // The admin change's audit record commits with it (audit/pending-audit.ts).
      if (rows.length) await appendPendingAudit(client, audit, config.id);
      return rows;
    });
    if (rows.length) markAuditRecorded(audit);
    return rows;
  }

  async find(issuerId: string): Promise<IssuerRecord | undefined> {
    const { rows } = await this.db.sql<IssuerRow>(`SELECT config, created_at, updated_at FROM issuer_api.issuers WHERE issuer_id = $1`, [
      issuerId,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(): Promise<IssuerRecord[]> {
    const { rows } = await this.db.sql<IssuerRow>(
      `SELECT config, created_at, updated_at FROM issuer_api.issuers ORDER BY issuer_id LIMIT 1000`,
    );
    return rows.map(toRecord);
  }

  async delete(issuerId: string, audit?: PendingAudit): Promise<boolean> {
    return (await sqlWithPendingAudit(this.db, audit, 'DELETE FROM issuer_api.issuers WHERE issuer_id = $1', [issuerId])).rowCount > 0;
  }

  /** Whether an issuer or an active profile refers to the key (kms refuses to delete keys in use). */
  async isKeyInUse(keyId: string, client?: PoolClient): Promise<boolean> {
    const text = `SELECT EXISTS (SELECT 1 FROM issuer_api.issuers WHERE config->>'tokenKeyId' = $1 OR config->>'statusListKeyId' = $1
                                                         OR config->'signedMetadata'->>'keyId' = $1)
           OR EXISTS (SELECT 1 FROM issuer_api.profiles WHERE status = 'ACTIVE' AND body->>'issuerKeyId' = $1) AS used`;
    const { rows } = client ? await client.query<{ used: boolean }>(text, [keyId]) : await this.db.sql<{ used: boolean }>(text, [keyId]);
    return rows[0].used;
  }

  /**
   * Runs a key's delete (`work`: the in-use checks and the kms delete) holding the key exclusively, and records
   * it in the same transaction; a configuration being stored with the key waits, then sees it gone.
   */
  deleteKey(keyId: string, work: (client: PoolClient) => Promise<void>): Promise<void> {
    return this.db.transaction(async (client) => {
      const held = await holdKeyForDelete(client, keyId);
      await work(client);
      await held.tombstone();
    });
  }
}
