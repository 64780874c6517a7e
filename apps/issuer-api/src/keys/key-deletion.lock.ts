import type { PoolClient } from 'pg';
import { AppError, type FieldError } from '@issuer/platform';

/**
 * Serializes deleting a key against storing a configuration that uses it. Checking "is the key in use?" and
 * then deleting it in kms is check-then-act: a profile validated against the key a moment earlier could be
 * stored in between and outlive its key. The delete holds an exclusive advisory lock on the key for the whole
 * check → kms delete → tombstone; a write that names keys holds shared locks on them and refuses when one is
 * tombstoned. Shared locks never wait for each other and a delete locks one key only, so nothing deadlocks.
 */
const lockKey = (keyId: string) => `key:${keyId}`;

/** Inside a transaction: waits out any delete of these keys, then refuses (400, at the field) if one was deleted. */
export async function holdKeysInUse(client: PoolClient, keys: { keyId: string; path: string }[]): Promise<void> {
  if (!keys.length) return;
  const ids = [...new Set(keys.map((k) => k.keyId))];
  await client.query(`SELECT pg_advisory_xact_lock_shared(hashtext($2 || k)) FROM unnest($1::text[]) k`, [ids, lockKey('')]);
  const { rows } = await client.query<{ key_id: string }>(`SELECT key_id FROM issuer_api.deleted_keys WHERE key_id = ANY($1)`, [ids]);
  if (!rows.length) return;
  const deleted = new Set(rows.map((r) => r.key_id));
  const errors: FieldError[] = keys
    .filter((k) => deleted.has(k.keyId))
    .map((k) => ({ path: k.path, message: `key ${k.keyId} does not exist` }));
  throw AppError.validation(errors);
}

/** Inside a transaction: takes the key exclusively until commit; `tombstone` records the delete in the same transaction. */
export async function holdKeyForDelete(client: PoolClient, keyId: string): Promise<{ tombstone(): Promise<void> }> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [lockKey(keyId)]);
  return {
    tombstone: async () => {
      await client.query(`INSERT INTO issuer_api.deleted_keys (key_id) VALUES ($1) ON CONFLICT DO NOTHING`, [keyId]);
    },
  };
}
