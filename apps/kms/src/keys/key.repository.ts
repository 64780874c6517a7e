import type { KeyDto } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';
import type { StoredKey } from './kms-backend';

const COLUMNS = 'key_id, name, type, backend, alg, public_jwk, private_key_encrypted, external_key_id, created_at';

interface KeyRow {
  key_id: string;
  name: string | null;
  type: StoredKey['type'];
  backend: string;
  alg: string;
  public_jwk: StoredKey['publicJwk'];
  private_key_encrypted: Buffer | null;
  external_key_id: string | null;
  created_at: Date;
}

function toStoredKey(row: KeyRow): StoredKey {
  return {
    keyId: row.key_id,
    name: row.name,
    type: row.type,
    backend: row.backend,
    alg: row.alg,
    publicJwk: row.public_jwk,
    privateKeyEncrypted: row.private_key_encrypted,
    externalKeyId: row.external_key_id,
    createdAt: row.created_at,
  };
}

export function toKeyDto(key: StoredKey): KeyDto {
  return {
    keyId: key.keyId,
    name: key.name,
    type: key.type,
    backend: key.backend,
    alg: key.alg,
    publicJwk: key.publicJwk,
    createdAt: key.createdAt.toISOString(),
  };
}

/** The kms.keys table. */
export class KeyRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async insert(key: Omit<StoredKey, 'createdAt'>): Promise<StoredKey> {
    const { rows } = await this.db.sql<KeyRow>(
      `INSERT INTO kms.keys (key_id, name, type, backend, alg, public_jwk, private_key_encrypted, external_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [key.keyId, key.name, key.type, key.backend, key.alg, key.publicJwk, key.privateKeyEncrypted, key.externalKeyId],
    );
    return toStoredKey(rows[0]);
  }

  async find(keyId: string): Promise<StoredKey | undefined> {
    const { rows } = await this.db.sql<KeyRow>(`SELECT ${COLUMNS} FROM kms.keys WHERE key_id = $1`, [keyId]);
    return rows[0] ? toStoredKey(rows[0]) : undefined;
  }

  /** Keyset pagination by (created_at, key_id); the cursor is the last key id of the previous page. */
  async list(limit: number, cursor?: string): Promise<{ items: StoredKey[]; nextCursor?: string }> {
    const { rows } = cursor
      ? await this.db.sql<KeyRow>(
          `SELECT ${COLUMNS} FROM kms.keys WHERE (created_at, key_id) > (SELECT created_at, key_id FROM kms.keys WHERE key_id = $2)
           ORDER BY created_at, key_id LIMIT $1`,
          [limit + 1, cursor],
        )
      : await this.db.sql<KeyRow>(`SELECT ${COLUMNS} FROM kms.keys ORDER BY created_at, key_id LIMIT $1`, [limit + 1]);
    const items = rows.slice(0, limit).map(toStoredKey);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].keyId } : {}) };
  }

  async delete(keyId: string): Promise<boolean> {
    const { rowCount } = await this.db.sql('DELETE FROM kms.keys WHERE key_id = $1', [keyId]);
    return rowCount > 0;
  }
}
