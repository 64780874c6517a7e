import type { PoolClient } from 'pg';
import { StatusBitstring, TokenStatusArray, type TokenStatusBits } from '@issuer/status-list';
import type { StatusListRow } from './status-list.record';

/** A list's statuses in the byte layout it is published in: LSB-first (Token Status List) or MSB-first (W3C). */
export type StatusArray = TokenStatusArray | StatusBitstring;

type ListShape = Pick<StatusListRow, 'type' | 'bits' | 'size'>;

/** The list's status array over `bytes`, or an all-VALID one. */
export function statusArrayOf(list: ListShape, bytes?: Uint8Array): StatusArray {
  return list.type === 'TokenStatusList'
    ? new TokenStatusArray(list.size, list.bits as TokenStatusBits, bytes)
    : new StatusBitstring(list.size, list.bits, bytes);
}

/**
 * The statuses of a list whose stored statuses were never built (`chunked` false: a list from before they were
 * stored, never changed since): from its entries that are not VALID, as every publish read them before.
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

/** Bytes per stored chunk of a list's statuses (`status_list.list_chunks`); a missing chunk is all zeros (VALID). */
export const CHUNK_BYTES = 1024;

/** The chunk that holds entry `idx`: both layouts keep it in byte ⌊idx × bits / 8⌋. */
const chunkOf = (idx: number, bits: number) => Math.floor(Math.floor((idx * bits) / 8) / CHUNK_BYTES);

/**
 * The statuses of a list as stored: its chunks laid into an all-VALID array (`chunks`: only those, e.g. the ones a
 * change touches; all when omitted), or built from its entries if they never were (`chunked` false).
 */
export async function readStatuses(
  client: Pick<PoolClient, 'query'>,
  listId: string,
  list: ListShape & { chunked: boolean },
  chunks?: readonly number[],
): Promise<StatusArray> {
  if (!list.chunked) return statusesFromEntries(client, listId, list);
  const array = statusArrayOf(list);
  const { rows } = chunks
    ? await client.query<{ chunk: number; bytes: Buffer }>(
        'SELECT chunk, bytes FROM status_list.list_chunks WHERE list_id = $1 AND chunk = ANY($2::int[])',
        [listId, chunks],
      )
    : await client.query<{ chunk: number; bytes: Buffer }>('SELECT chunk, bytes FROM status_list.list_chunks WHERE list_id = $1', [listId]);
  for (const row of rows) array.bytes.set(row.bytes, row.chunk * CHUNK_BYTES);
  return array;
}

/**
 * Writes changed entries' values into their list's stored statuses and gives the list a new version, inside the
 * transaction that changed the entries (the caller's). The list row is locked first, so concurrent writers of one
 * list take turns and none loses another's bytes; entries are always locked before their list (updates, releases)
 * or the list before new entries (allocation), never the other way round. Only the chunks holding changed entries
 * are read and rewritten (1 KiB each, where the whole list of a million 2-bit entries is 250 KB); a list whose
 * statuses were never built gets all its non-zero chunks, built from its entries.
 */
export async function writeStatuses(client: PoolClient, listId: string, changes: readonly { idx: number; raw: number }[]): Promise<void> {
  const { rows } = await client.query<ListShape & { chunked: boolean }>(
    'SELECT type, bits, size, chunked FROM status_list.lists WHERE list_id = $1 FOR UPDATE',
    [listId],
  );
  const list = rows[0];
  if (!list) throw new Error(`status list ${listId} is gone`);
  const touched = [...new Set(changes.map((c) => chunkOf(c.idx, list.bits)))];
  // Built from the entries as this transaction sees them, its own changes included; setting them again is harmless.
  const array = await readStatuses(client, listId, list, touched);
  for (const { idx, raw } of changes) array.set(idx, raw);
  const written = list.chunked ? touched : nonZeroChunks(array);
  const slices = written.map((chunk) => Buffer.from(array.bytes.subarray(chunk * CHUNK_BYTES, (chunk + 1) * CHUNK_BYTES)));
  await client.query(
    `WITH c AS (INSERT INTO status_list.list_chunks (list_id, chunk, bytes) SELECT $1, * FROM unnest($2::int[], $3::bytea[])
                ON CONFLICT (list_id, chunk) DO UPDATE SET bytes = EXCLUDED.bytes)
     UPDATE status_list.lists SET chunked = true, version = version + 1, updated_at = now() WHERE list_id = $1`,
    [listId, written, slices],
  );
}

function nonZeroChunks(array: StatusArray): number[] {
  const chunks: number[] = [];
  for (let start = 0; start < array.bytes.length; start += CHUNK_BYTES) {
    if (array.bytes.subarray(start, start + CHUNK_BYTES).some((byte) => byte !== 0)) chunks.push(start / CHUNK_BYTES);
  }
  return chunks;
}
