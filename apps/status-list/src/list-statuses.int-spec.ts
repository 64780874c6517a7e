import 'reflect-metadata';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, sign as nodeSign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { Client } from 'pg';
import pino from 'pino';
import {
  KeySign,
  StatusEntriesAllocate,
  StatusEntriesRelease,
  StatusEntriesUpdate,
  StatusListGet,
  type StatusEntriesAllocateRequest,
} from '@issuer/contracts';
import { NatsBus, type PlatformRuntime, bootServiceContext } from '@issuer/platform';
import { TokenStatusArray } from '@issuer/status-list';
import { createTestDatabase, NatsServerProcess } from '@issuer/testing';
import { StatusListPublisher } from './publishing/status-list.publisher';
import { StatusListModule } from './status-list.module';

const LIST_SIZE = 64;

/** The stored statuses of lists (issue 17 item 5): kept with the entries, read by publishing, built from entries once. */
describe('status-list: stored statuses and permuted allocation', { timeout: 180_000 }, () => {
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let instance: { app: INestApplicationContext; runtime: PlatformRuntime };
  let client: NatsBus;
  let pg: Client;
  const keyId = randomUUID();

  const request = (issuerId: string, count: number, extra: Partial<StatusEntriesAllocateRequest> = {}): StatusEntriesAllocateRequest => ({
    issuerId,
    sessionId: randomUUID(),
    type: 'TokenStatusList',
    purpose: 'suspension',
    signer: { keyId, alg: 'ES256', iss: 'https://issuer.test/issuers/a', kid: 'k1' },
    credentialIds: Array.from({ length: count }, () => randomUUID()),
    ...extra,
  });

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('status_statuses');
    instance = await bootServiceContext('status-list', StatusListModule, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      PUBLIC_URL: 'https://issuer.test',
      STATUS_LIST_SIZE: String(LIST_SIZE),
      STATUS_LIST_PUBLISH_INTERVAL_MS: '3600000',
    });
    client = await NatsBus.connect(nats.url, 'status-statuses-itest', pino({ level: 'silent' }));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    client.serve(
      KeySign,
      async (r) => ({
        signature: nodeSign('sha256', Buffer.from(r.data, 'base64url'), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
          'base64url',
        ),
        alg: 'ES256',
      }),
      'kms',
    );
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await instance?.app.close().catch(() => undefined);
    await instance?.runtime.bus.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    await nats?.dispose().catch(() => undefined);
  });

  /** The stored statuses of a list as a Token Status List, and its entries' statuses by index. */
  async function stored(listId: string): Promise<{ statuses?: TokenStatusArray; entries: Map<number, number> }> {
    const list = await pg.query<{ statuses: Buffer | null }>('SELECT statuses FROM status_list.lists WHERE list_id = $1', [listId]);
    const entries = await pg.query<{ idx: number; status: number }>('SELECT idx, status FROM status_list.entries WHERE list_id = $1', [
      listId,
    ]);
    const statuses = list.rows[0].statuses;
    return {
      statuses: statuses ? TokenStatusArray.fromBytes(new Uint8Array(statuses), 2) : undefined,
      entries: new Map(entries.rows.map((r) => [r.idx, r.status])),
    };
  }

  /** The list as served once it holds its current version (a publish a change scheduled may be running: then retried). */
  async function publishedList(listId: string) {
    for (let attempt = 0; ; attempt++) {
      await pg.query(`UPDATE status_list.lists SET published_at = now() - interval '2 hours' WHERE list_id = $1`, [listId]);
      const { state } = await instance.app.get(StatusListPublisher).publish(listId);
      if (state === 'published' || state === 'fresh') break;
      assert.ok(attempt < 100, `list ${listId} could not be re-signed: ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
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
    await pg.query('UPDATE status_list.lists SET statuses = NULL, version = version + 1 WHERE list_id = $1', [listId]);
    assert.equal((await publishedList(listId)).getStatus(a.reference.index), 2, 'published from the entries');
    await client.request(StatusEntriesUpdate, { issuerId: 'legacy', credentialId: b.credentialId, status: 'REVOKED' });
    const { statuses } = await stored(listId);
    assert.deepEqual([statuses!.get(a.reference.index), statuses!.get(b.reference.index)], [2, 1], 'the older change kept');
    const published = await publishedList(listId);
    assert.deepEqual([published.getStatus(a.reference.index), published.getStatus(b.reference.index)], [2, 1]);
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
