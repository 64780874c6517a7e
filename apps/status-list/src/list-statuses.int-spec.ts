import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import type { Client } from 'pg';
import {
  StatusEntriesAllocate,
  StatusEntriesRelease,
  StatusEntriesUpdate,
  StatusListGet,
  type StatusEntriesAllocateRequest,
} from '@issuer/contracts';
import type { NatsBus } from '@issuer/platform';
import { TokenStatusArray } from '@issuer/status-list';
import { allocationRequest, es256Signer, republish, startStatusListHarness, type StatusListHarness } from '../test/status-list-harness';
import { CHUNK_BYTES, readStatuses, writeStatuses } from './lists/list-statuses';

const LIST_SIZE = 64;

/** The stored statuses of lists (issue 17 item 5): kept with the entries, read by publishing, built from entries once. */
describe('status-list: stored statuses and permuted allocation', { timeout: 180_000 }, () => {
  let harness: StatusListHarness;
  let client: NatsBus;
  let pg: Client;
  const keyId = randomUUID();
  const request = (issuerId: string, count: number, extra: Partial<StatusEntriesAllocateRequest> = {}) =>
    allocationRequest(keyId, issuerId, count, extra);

  before(async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    harness = await startStatusListHarness({
      database: 'status_statuses',
      clientName: 'status-statuses-itest',
      signer: es256Signer(privateKey),
      listSize: LIST_SIZE,
    });
    ({ client, pg } = harness);
  });
  after(async () => harness?.close());

  /** The stored statuses of a list as a Token Status List, and its entries' statuses by index. */
  async function stored(listId: string): Promise<{ statuses?: TokenStatusArray; entries: Map<number, number> }> {
    const list = await pg.query<{ chunked: boolean; size: number }>('SELECT chunked, size FROM status_list.lists WHERE list_id = $1', [
      listId,
    ]);
    const chunks = await pg.query<{ chunk: number; bytes: Buffer }>('SELECT chunk, bytes FROM status_list.list_chunks WHERE list_id = $1', [
      listId,
    ]);
    const entries = await pg.query<{ idx: number; status: number }>('SELECT idx, status FROM status_list.entries WHERE list_id = $1', [
      listId,
    ]);
    const statuses = list.rows[0].chunked ? new TokenStatusArray(list.rows[0].size, 2) : undefined;
    for (const row of chunks.rows) statuses?.bytes.set(row.bytes, row.chunk * CHUNK_BYTES);
    return { statuses, entries: new Map(entries.rows.map((r) => [r.idx, r.status])) };
  }

  /** The list as served once it holds its current version (a publish a change scheduled may be running: then retried). */
  async function publishedList(listId: string) {
    await republish(harness, listId);
    return getListFromStatusListJWT((await client.request(StatusListGet, { listId })).token);
  }

  it('keeps the stored statuses equal to the entries through allocation, changes and releases, and publishes them', async () => {
    const suspended = await client.request(StatusEntriesAllocate, request('kept', 3, { initialStatus: 'SUSPENDED' }));
    const valid = await client.request(StatusEntriesAllocate, request('kept', 3));
    const listId = suspended.entries[0].reference.listId;
    await client.request(StatusEntriesUpdate, { issuerId: 'kept', credentialId: valid.entries[0].credentialId, status: 'REVOKED' });
    await client.request(StatusEntriesUpdate, { issuerId: 'kept', credentialId: suspended.entries[1].credentialId, status: 'VALID' });
    await client.request(StatusEntriesRelease, { issuerId: 'kept', credentialIds: [suspended.entries[2].credentialId] });
    const { statuses, entries } = await stored(listId);
    assert.ok(statuses, 'built at the first change');
    for (let idx = 0; idx < LIST_SIZE; idx++) assert.equal(statuses.get(idx), entries.get(idx) ?? 0, `index ${idx}`);
    const at = (e: { reference: { index: number } }) => e.reference.index;
    assert.deepEqual(
      [suspended.entries.map(at), valid.entries.map(at)].map((indexes) => indexes.map((i) => statuses.get(i))),
      [
        [2, 0, 0],
        [1, 0, 0],
      ],
    );
    const published = await publishedList(listId);
    for (let idx = 0; idx < LIST_SIZE; idx++) assert.equal(published.getStatus(idx), statuses.get(idx), `published index ${idx}`);
  });

  it('builds the statuses of a list from before they were stored from its entries, at its first change or publish', async () => {
    const allocated = await client.request(StatusEntriesAllocate, request('legacy', 2));
    const [a, b] = allocated.entries;
    const listId = a.reference.listId;
    await client.request(StatusEntriesUpdate, { issuerId: 'legacy', credentialId: a.credentialId, status: 'SUSPENDED' });
    // As the migration leaves a list: entries with statuses, no stored statuses.
    // The change's own publish may have run already: a new version makes the list due again.
    await pg.query('DELETE FROM status_list.list_chunks WHERE list_id = $1', [listId]);
    await pg.query('UPDATE status_list.lists SET chunked = false, version = version + 1 WHERE list_id = $1', [listId]);
    assert.equal((await publishedList(listId)).getStatus(a.reference.index), 2, 'published from the entries');
    await client.request(StatusEntriesUpdate, { issuerId: 'legacy', credentialId: b.credentialId, status: 'REVOKED' });
    const { statuses } = await stored(listId);
    assert.deepEqual([statuses!.get(a.reference.index), statuses!.get(b.reference.index)], [2, 1], 'the older change kept');
    const published = await publishedList(listId);
    assert.deepEqual([published.getStatus(a.reference.index), published.getStatus(b.reference.index)], [2, 1]);
  });

  it('rewrites only the 1 KiB chunks that hold changed entries; a chunk never changed is not stored', async () => {
    const allocated = await client.request(StatusEntriesAllocate, request('chunks', 1));
    const small = allocated.entries[0].reference.listId;
    // A list of 20,000 2-bit entries (5,000 bytes: chunks 0–4), copied from a real one and kept out of allocation.
    const listId = randomUUID();
    await pg.query(
      `INSERT INTO status_list.lists (list_id, issuer_id, type, purpose, family, signer_hash, signer, bits, size, uri, state)
       SELECT $2, issuer_id, type, purpose, family, signer_hash, signer, bits, 20000, uri || '-big', 'FULL' FROM status_list.lists WHERE list_id = $1`,
      [small, listId],
    );
    const chunks = async () =>
      (await pg.query<{ chunk: number }>('SELECT chunk FROM status_list.list_chunks WHERE list_id = $1 ORDER BY chunk', [listId])).rows.map(
        (r) => r.chunk,
      );
    const version = async () =>
      Number((await pg.query('SELECT version FROM status_list.lists WHERE list_id = $1', [listId])).rows[0].version);
    const before = await version();
    await pg.query('BEGIN');
    await writeStatuses(pg as never, listId, [{ idx: 10_000, raw: 1 }]); // byte 2,500: chunk 2
    await pg.query('COMMIT');
    assert.deepEqual(await chunks(), [2]);
    assert.equal(await version(), before + 1);
    await pg.query('BEGIN');
    await writeStatuses(pg as never, listId, [
      { idx: 19_999, raw: 2 }, // byte 4,999: chunk 4
      { idx: 10_001, raw: 3 }, // byte 2,500 again
    ]);
    await pg.query('COMMIT');
    assert.deepEqual(await chunks(), [2, 4]);
    const list = { type: 'TokenStatusList' as const, bits: 2, size: 20000, chunked: true };
    const statuses = await readStatuses(pg as never, listId, list);
    assert.deepEqual(
      [statuses.get(10_000), statuses.get(10_001), statuses.get(19_999), statuses.get(0), statuses.get(4_000)],
      [1, 3, 2, 0, 0],
    );
    const partial = await readStatuses(pg as never, listId, list, [4]);
    assert.deepEqual([partial.get(10_000), partial.get(19_999)], [0, 2], 'only the chunks asked for');
  });

  it('fills a list allocated at random before the permutation, skipping its taken indexes, to exactly full', async () => {
    const first = await client.request(StatusEntriesAllocate, request('mixed', 20));
    const listId = first.entries[0].reference.listId;
    // As the migration leaves a list: 20 entries at indexes of another order, no key, position 0.
    await pg.query('UPDATE status_list.lists SET permutation_key = NULL, next_position = 0 WHERE list_id = $1', [listId]);
    await pg.query('UPDATE status_list.entries SET idx = idx + 1000 WHERE list_id = $1', [listId]);
    const taken = Array.from({ length: 20 }, (_, i) => (i * 7 + 3) % LIST_SIZE);
    await pg.query(
      'UPDATE status_list.entries e SET idx = t.idx FROM (SELECT unnest($2::int[]) AS idx, unnest($3::int[]) AS old) t WHERE e.list_id = $1 AND e.idx = t.old',
      [listId, taken, first.entries.map((e) => e.reference.index + 1000)],
    );
    const rest = await client.request(StatusEntriesAllocate, request('mixed', LIST_SIZE - 20));
    assert.ok(
      rest.entries.every((e) => e.reference.listId === listId),
      'all in the same list',
    );
    const indexes = [...taken, ...rest.entries.map((e) => e.reference.index)];
    assert.equal(new Set(indexes).size, LIST_SIZE, 'every index once');
    const row = await pg.query<{ state: string; allocated: number }>('SELECT state, allocated FROM status_list.lists WHERE list_id = $1', [
      listId,
    ]);
    assert.deepEqual(row.rows[0], { state: 'FULL', allocated: LIST_SIZE });
    const next = await client.request(StatusEntriesAllocate, request('mixed', 1));
    assert.notEqual(next.entries[0].reference.listId, listId, 'the next entry opens a new list');
  });
});
