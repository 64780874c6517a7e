import type { PoolClient } from 'pg';
import { StatusBitstring, TokenStatusArray, type TokenStatusBits } from '@issuer/status-list';
import type { StatusListRow } from './status-list.record';

/** A list's statuses in the byte layout it is published in: LSB-first (Token Status List) or MSB-first (W3C). */
export type StatusArray = TokenStatusArray | StatusBitstring;

type ListShape = Pick<StatusListRow, 'type' | 'bits' | 'size'>;

/** The list's status array over `bytes` (its stored `statuses`), or an all-VALID one. */
export function statusArrayOf(list: ListShape, bytes?: Uint8Array): StatusArray {
  return list.type === 'TokenStatusList'
    ? new TokenStatusArray(list.size, list.bits as TokenStatusBits, bytes)
    : new StatusBitstring(list.size, list.bits, bytes);
}

/**
 * The statuses of a list whose `statuses` are not built yet (NULL: a list from before they were stored, never
 * changed since): from its entries that are not VALID, as every publish read them before.
 */
export async function statusesFromEntries(client: Pick<PoolClient, 'query'>, listId: string, list: ListShape): Promise<StatusArray> {
  const array = statusArrayOf(list);
  const { rows } = await client.query<{ idx: number; status: number }>(
    'SELECT idx, status FROM status_list.entries WHERE list_id = $1 AND status <> 0',
    [listId],
  );
  for (const row of rows) array.set(row.idx, row.status);
  return array;
}

/**
 * Writes changed entries' values into their list's `statuses` and gives the list a new version, inside the
 * transaction that changed the entries (the caller's). The list row is locked first, so concurrent writers of one
 * list take turns and none loses another's bytes; entries are always locked before their list (updates, releases)
 * or the list before new entries (allocation), never the other way round. One read and one write of the value,
 * whatever the number of changes; a million 2-bit entries are 250 KB.
 */
export async function writeStatuses(client: PoolClient, listId: string, changes: readonly { idx: number; raw: number }[]): Promise<void> {
  const { rows } = await client.query<ListShape & { statuses: Buffer | null }>(
    'SELECT type, bits, size, statuses FROM status_list.lists WHERE list_id = $1 FOR UPDATE',
    [listId],
  );
  const list = rows[0];
  if (!list) throw new Error(`status list ${listId} is gone`);
  // Built from the entries as this transaction sees them, its own changes included; setting them again is harmless.
  const array = list.statuses ? statusArrayOf(list, new Uint8Array(list.statuses)) : await statusesFromEntries(client, listId, list);
  for (const { idx, raw } of changes) array.set(idx, raw);
  await client.query('UPDATE status_list.lists SET statuses = $2, version = version + 1, updated_at = now() WHERE list_id = $1', [
    listId,
    Buffer.from(array.bytes.buffer, array.bytes.byteOffset, array.bytes.byteLength),
  ]);
}
