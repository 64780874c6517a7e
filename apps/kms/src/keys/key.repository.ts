import type { PoolClient } from 'pg';
import type { KeyDto, KeyStatus, KmsEventName } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';
import { keyEventOf, type KeyEventRow } from './key-event';
import type { StoredKey } from './kms-backend';

const COLUMNS =
  'key_id, name, type, backend, alg, public_jwk, private_key_encrypted, external_key_id, created_at, status, disabled_at, sign_count, last_used_at';

export const KMS_OUTBOX_TABLE = 'kms.outbox';

/** A stored key with its lifecycle metadata (status and usage counters). */
export interface KeyRecord extends StoredKey {
  status: KeyStatus;
  disabledAt: Date | null;
  signCount: number;
  lastUsedAt: Date | null;
}

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
  status: KeyStatus;
  disabled_at: Date | null;
  /** bigint: pg returns it as a string. */
  sign_count: string;
  last_used_at: Date | null;
}

function toKeyRecord(row: KeyRow): KeyRecord {
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
    status: row.status,
    disabledAt: row.disabled_at,
    signCount: Number(row.sign_count),
    lastUsedAt: row.last_used_at,
  };
}

export function toKeyDto(key: KeyRecord): KeyDto {
  return {
    keyId: key.keyId,
    name: key.name,
    type: key.type,
    backend: key.backend,
    alg: key.alg,
    publicJwk: key.publicJwk,
    createdAt: key.createdAt.toISOString(),
    status: key.status,
    signCount: key.signCount,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    disabledAt: key.disabledAt?.toISOString() ?? null,
  };
}

/** Usage accumulated in memory for one key, written by `addUsage`. */
export interface KeyUsage {
  keyId: string;
  count: number;
  lastUsedAt: Date;
}

/**
 * The kms.keys table. Every change writes its audit event to kms.outbox in the same transaction, so an
 * event is published if and only if the change committed.
 */
export class KeyRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async insert(key: Omit<StoredKey, 'createdAt'>, event: 'key_created' | 'key_imported'): Promise<KeyRecord> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<KeyRow>(
        `INSERT INTO kms.keys (key_id, name, type, backend, alg, public_jwk, private_key_encrypted, external_key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [key.keyId, key.name, key.type, key.backend, key.alg, key.publicJwk, key.privateKeyEncrypted, key.externalKeyId],
      );
      const record = toKeyRecord(rows[0]);
      await insertEvent(client, keyEventOf(event, record));
      return record;
    });
  }

  async find(keyId: string): Promise<KeyRecord | undefined> {
    const { rows } = await this.db.sql<KeyRow>(`SELECT ${COLUMNS} FROM kms.keys WHERE key_id = $1`, [keyId]);
    return rows[0] ? toKeyRecord(rows[0]) : undefined;
  }

  /** Keyset pagination by (created_at, key_id); the cursor is the last key id of the previous page. */
  async list(limit: number, cursor?: string): Promise<{ items: KeyRecord[]; nextCursor?: string }> {
    const { rows } = cursor
      ? await this.db.sql<KeyRow>(
          `SELECT ${COLUMNS} FROM kms.keys WHERE (created_at, key_id) > (SELECT created_at, key_id FROM kms.keys WHERE key_id = $2)
           ORDER BY created_at, key_id LIMIT $1`,
          [limit + 1, cursor],
        )
      : await this.db.sql<KeyRow>(`SELECT ${COLUMNS} FROM kms.keys ORDER BY created_at, key_id LIMIT $1`, [limit + 1]);
    const items = rows.slice(0, limit).map(toKeyRecord);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].keyId } : {}) };
  }

  /** Deletes the key and records `key_deleted`; false if there was no such key. */
  async delete(keyId: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<KeyRow>(`DELETE FROM kms.keys WHERE key_id = $1 RETURNING ${COLUMNS}`, [keyId]);
      if (!rows[0]) return false;
      await insertEvent(client, keyEventOf('key_deleted', toKeyRecord(rows[0])));
      return true;
    });
  }

  /**
   * Sets the status; records `key_disabled`/`key_enabled` only when it actually changed (a repeated call
   * is a no-op without an event). Undefined if there is no such key.
   */
  async setStatus(keyId: string, status: KeyStatus): Promise<{ key: KeyRecord; changed: boolean } | undefined> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<KeyRow>(
        `UPDATE kms.keys SET status = $2, disabled_at = CASE WHEN $2 = 'DISABLED' THEN now() END
         WHERE key_id = $1 AND status <> $2 RETURNING ${COLUMNS}`,
        [keyId, status],
      );
      if (rows[0]) {
        const key = toKeyRecord(rows[0]);
        const event: KmsEventName = status === 'DISABLED' ? 'key_disabled' : 'key_enabled';
        await insertEvent(client, keyEventOf(event, key));
        return { key, changed: true };
      }
      const { rows: current } = await client.query<KeyRow>(`SELECT ${COLUMNS} FROM kms.keys WHERE key_id = $1`, [keyId]);
      return current[0] ? { key: toKeyRecord(current[0]), changed: false } : undefined;
    });
  }

  /**
   * Adds accumulated signature counts in one statement. Commit need not wait for the WAL flush: a crash
   * may lose the last seconds of counts, which are statistics, not state.
   */
  async addUsage(usage: KeyUsage[]): Promise<void> {
    if (usage.length === 0) return;
    await this.db.sqlRelaxed(
      `UPDATE kms.keys k SET sign_count = k.sign_count + u.n,
         last_used_at = GREATEST(k.last_used_at, u.at)
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS u(key_id, n, at)
       WHERE k.key_id = u.key_id`,
      [usage.map((u) => u.keyId), usage.map((u) => u.count), usage.map((u) => u.lastUsedAt)],
    );
  }
}

async function insertEvent(client: PoolClient, row: KeyEventRow): Promise<void> {
  await client.query(`INSERT INTO ${KMS_OUTBOX_TABLE} (id, subject, event, payload) VALUES ($1, $2, $3, $4)`, [
    row.id,
    row.subject,
    row.event,
    JSON.stringify(row.payload),
  ]);
}
