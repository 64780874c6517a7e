import type { ServiceDatabase } from '@issuer/platform';
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

  /** Inserts; returns undefined when the id is taken. */
  async insert(config: IssuerConfig): Promise<IssuerRecord | undefined> {
    const { rows } = await this.db.sql<IssuerRow>(
      `INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING config, created_at, updated_at`,
      [config.id, config],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async update(config: IssuerConfig): Promise<IssuerRecord | undefined> {
    const { rows } = await this.db.sql<IssuerRow>(
      `UPDATE issuer_api.issuers SET config = $2, updated_at = now() WHERE issuer_id = $1 RETURNING config, created_at, updated_at`,
      [config.id, config],
    );
    return rows[0] && toRecord(rows[0]);
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

  async delete(issuerId: string): Promise<boolean> {
    return (await this.db.sql('DELETE FROM issuer_api.issuers WHERE issuer_id = $1', [issuerId])).rowCount > 0;
  }

  /** Whether an issuer or an active profile refers to the key (kms refuses to delete keys in use). */
  async isKeyInUse(keyId: string): Promise<boolean> {
    const { rows } = await this.db.sql<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM issuer_api.issuers WHERE config->>'tokenKeyId' = $1 OR config->>'statusListKeyId' = $1
                                                         OR config->'signedMetadata'->>'keyId' = $1)
           OR EXISTS (SELECT 1 FROM issuer_api.profiles WHERE status = 'ACTIVE' AND body->>'issuerKeyId' = $1) AS used`,
      [keyId],
    );
    return rows[0].used;
  }
}
