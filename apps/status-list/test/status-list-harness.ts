// Test helper (imported only by the status-list integration specs): the services under test on a private nats-server
// and a new database, a bus client with a kms stand-in, and the re-sign a test forces instead of waiting for the timer.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID, sign as nodeSign, type KeyObject } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import pino from 'pino';
import { KeySign, type StatusEntriesAllocateRequest } from '@issuer/contracts';
import { NatsBus, type PlatformRuntime, bootServiceContext } from '@issuer/platform';
import { createTestDatabase, NatsServerProcess } from '@issuer/testing';
import { StatusListPublisher } from '../src/publishing/status-list.publisher';
import { StatusListModule } from '../src/status-list.module';

export interface StatusListHarness {
  nats: NatsServerProcess;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The status-list services, sharing one database and the bus. */
  instances: { app: INestApplicationContext; runtime: PlatformRuntime }[];
  /** A bus client of the tests; it also answers `kms.key.sign` (see `signer`). */
  client: NatsBus;
  pg: Client;
  close(): Promise<void>;
}

/**
 * Starts `instances` status-list services on a private nats-server (the services join fixed queue groups that a
 * cluster run on the shared server would share) and a new database. Lists are re-signed only when a test calls
 * `republish` (an hour-long publish interval: no timing in tests). Every KeySign request is signed by `signer`.
 */
export async function startStatusListHarness(options: {
  database: string;
  clientName: string;
  signer: (data: Buffer) => Buffer;
  instances?: number;
  listSize?: number;
}): Promise<StatusListHarness> {
  const harness: Partial<StatusListHarness> & { instances: StatusListHarness['instances'] } = { instances: [] };
  harness.close = async () => {
    await harness.pg?.end().catch(() => undefined);
    await harness.client?.close().catch(() => undefined);
    for (const { app, runtime } of harness.instances) {
      await app.close().catch(() => undefined);
      await runtime.bus.close().catch(() => undefined);
    }
    await harness.database?.drop().catch(() => undefined);
    await harness.nats?.dispose().catch(() => undefined);
  };
  harness.nats = await NatsServerProcess.start();
  harness.database = await createTestDatabase(options.database);
  const env = {
    DATABASE_URL: harness.database.url,
    NATS_URL: harness.nats.url,
    PUBLIC_URL: 'https://issuer.test',
    STATUS_LIST_SIZE: String(options.listSize ?? 64),
    STATUS_LIST_PUBLISH_INTERVAL_MS: '3600000',
  };
  for (let i = 0; i < (options.instances ?? 1); i++) harness.instances.push(await bootServiceContext('status-list', StatusListModule, env));
  harness.client = await NatsBus.connect(harness.nats.url, options.clientName, pino({ level: 'silent' }));
  // kms stand-in on the real bus.
  harness.client.serve(
    KeySign,
    async (r) => ({ signature: options.signer(Buffer.from(r.data, 'base64url')).toString('base64url'), alg: 'ES256' }),
    'kms',
  );
  harness.pg = new Client({ connectionString: harness.database.url });
  await harness.pg.connect();
  return harness as StatusListHarness;
}

/** An ES256 (IEEE P1363) signer with a local P-256 key, for `startStatusListHarness`. */
export const es256Signer = (privateKey: KeyObject) => (data: Buffer) =>
  nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });

/**
 * The Token Status List suspension entries of `count` new credentials of `issuerId`, signed by `keyId`; `extra`
 * replaces any member.
 */
export const allocationRequest = (
  keyId: string,
  issuerId: string,
  count: number,
  extra: Partial<StatusEntriesAllocateRequest> = {},
): StatusEntriesAllocateRequest => ({
  issuerId,
  sessionId: randomUUID(),
  type: 'TokenStatusList',
  purpose: 'suspension',
  signer: { keyId, alg: 'ES256', iss: 'https://issuer.test/issuers/a', kid: 'k1' },
  credentialIds: Array.from({ length: count }, () => randomUUID()),
  ...extra,
});

/**
 * Re-signs a list now on the first instance by making it due, also when a publish a change scheduled is running
 * (`busy`: tried again) or has just run (`fresh`).
 */
export async function republish(harness: StatusListHarness, listId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await harness.pg.query(`UPDATE status_list.lists SET published_at = now() - interval '2 hours' WHERE list_id = $1`, [listId]);
    const { state } = await harness.instances[0]!.app.get(StatusListPublisher).publish(listId);
    if (state === 'published' || state === 'fresh') return;
    assert.ok(attempt < 100, `list ${listId} could not be re-signed: ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
