import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import pino from 'pino';
import {
  KeyCreate,
  KeyDelete,
  KeyDisable,
  KeyEnable,
  KeyGet,
  KeyImport,
  KeySign,
  KMS_EVENTS_STREAM,
  type KeyDto,
  type KmsKeyEvent,
} from '@issuer/contracts';
import { metricsRegistry, NatsBus, outboxPublishedSql, type PlatformRuntime, bootServiceContext } from '@issuer/platform';
import { createTestDatabase, expectBusError, NatsServerProcess, readStreamMessages, waitFor, type StreamMessage } from '@issuer/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { KeyService } from './keys/key.service';
import { KmsModule } from './kms.module';

const bootKms = (env: NodeJS.ProcessEnv) => bootServiceContext('kms', KmsModule, env);

const silent = pino({ level: 'silent' });
const b64u = (value: string) => Buffer.from(value).toString('base64url');

describe('kms key lifecycle over NATS with PostgreSQL', { timeout: 180_000 }, () => {
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;
  let runtime: PlatformRuntime;
  let client: NatsBus;
  let raw: NatsConnection;
  let pg: Client;
  const masterKey = randomBytes(32).toString('base64');

  const sign = (keyId: string, text = 'payload') => client.request(KeySign, { keyId, data: b64u(text) });
  /** Events of one key in KMS_EVENTS, in stream order, once at least `count` have arrived. */
  const eventsOf = (keyId: string, count: number): Promise<StreamMessage[]> =>
    waitFor(
      `${count} kms events of ${keyId}`,
      async () => {
        const messages = await readStreamMessages(raw, KMS_EVENTS_STREAM, `kms.events.v1.${keyId}.*`, { timeoutMs: 3000 });
        return messages.length >= count ? messages : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kms_lifecycle');
    ({ app, runtime } = await bootKms({ DATABASE_URL: database.url, NATS_URL: nats.url, KMS_MASTER_KEY: masterKey }));
    client = await NatsBus.connect(nats.url, 'kms-lifecycle-itest-client', silent);
    raw = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  after(async () => {
    await raw?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await runtime?.bus.close().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await database?.drop();
    await nats?.dispose();
  });

  it('publishes key_created, key_disabled, key_enabled, key_deleted to KMS_EVENTS in order, with the envelope', async () => {
    const key = await client.request(KeyCreate, { type: 'secp256r1', name: 'audited' });
    assert.equal(key.status, 'ACTIVE');
    assert.equal(key.signCount, 0);
    assert.equal(key.lastUsedAt, null);
    assert.equal((await client.request(KeyDisable, { keyId: key.keyId })).status, 'DISABLED');
    assert.equal((await client.request(KeyDisable, { keyId: key.keyId })).status, 'DISABLED', 'idempotent, no second event');
    assert.equal((await client.request(KeyEnable, { keyId: key.keyId })).status, 'ACTIVE');
    await client.request(KeyDelete, { keyId: key.keyId });

    const messages = await eventsOf(key.keyId, 4);
    assert.deepEqual(
      messages.map((m) => m.subject),
      ['key_created', 'key_disabled', 'key_enabled', 'key_deleted'].map((e) => `kms.events.v1.${key.keyId}.${e}`),
    );
    for (const message of messages) {
      const event = message.data as KmsKeyEvent;
      assert.deepEqual(Object.keys(event).sort(), ['data', 'event', 'id', 'keyId', 'timestamp']);
      assert.equal(message.msgId, event.id, 'the event id is the JetStream message id (deduplication)');
      assert.equal(event.keyId, key.keyId);
      assert.ok(!Number.isNaN(Date.parse(event.timestamp)));
      assert.deepEqual(event.data, { type: 'secp256r1', backend: 'local', alg: 'ES256', kid: key.publicJwk.kid });
    }
  });

  it('publishes key_imported for an imported key, without any private member', async () => {
    const jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const key = await client.request(KeyImport, { jwk: jwk as Record<string, unknown> });
    const [message] = await eventsOf(key.keyId, 1);
    assert.equal((message.data as KmsKeyEvent).event, 'key_imported');
    assert.ok(!JSON.stringify(message.data).includes(jwk.d!), 'the private scalar is not in the event');
  });

  it('refuses to sign with a disabled key (CONFLICT) and signs again once re-enabled', async () => {
    const key = await client.request(KeyCreate, { type: 'ed25519' });
    await sign(key.keyId);
    await client.request(KeyDisable, { keyId: key.keyId });
    const error = await expectBusError(sign(key.keyId), 'CONFLICT');
    assert.match(error.message, /disabled/);
    const disabled = await client.request(KeyGet, { keyId: key.keyId });
    assert.equal(disabled.status, 'DISABLED');
    assert.ok(disabled.disabledAt && !Number.isNaN(Date.parse(disabled.disabledAt)));
    await client.request(KeyEnable, { keyId: key.keyId });
    assert.ok((await sign(key.keyId)).signature);
    await expectBusError(client.request(KeyDisable, { keyId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
  });

  it('counts signatures in sign_count/last_used_at (flushed in batches) and in kms_key_signatures_total', async () => {
    const metric = async () =>
      (await metricsRegistry.getSingleMetric('kms_key_signatures_total')?.get())?.values.find((v) => v.labels.alg === 'ES384')?.value ?? 0;
    const before = await metric();
    const key = await client.request(KeyCreate, { type: 'secp384r1' });
    for (let i = 0; i < 7; i++) await sign(key.keyId, `message ${i}`);
    assert.equal((await metric()) - before, 7);
    const flushed = await waitFor(
      'sign_count flushed',
      async () => {
        const dto: KeyDto = await client.request(KeyGet, { keyId: key.keyId });
        return dto.signCount === 7 ? dto : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.ok(flushed.lastUsedAt && Date.parse(flushed.lastUsedAt) >= Date.parse(key.createdAt));
    const { rows } = await pg.query<{ sign_count: string }>('SELECT sign_count FROM kms.keys WHERE key_id = $1', [key.keyId]);
    assert.equal(rows[0].sign_count, '7');
  });

  it('a second replica stops signing with a key as soon as the first one disabled it (no stale cache)', async () => {
    const second = await bootKms({ DATABASE_URL: database.url, NATS_URL: nats.url, KMS_MASTER_KEY: masterKey });
    try {
      const key = await client.request(KeyCreate, { type: 'secp256r1' });
      const replica = second.app.get(KeyService);
      await replica.sign({ keyId: key.keyId, data: b64u('warm the cache') });
      await app.get(KeyService).disable(key.keyId);
      await waitFor('replica refuses', () => expectBusError(replica.sign({ keyId: key.keyId, data: b64u('x') }), 'CONFLICT'), {
        timeoutMs: 5000,
      });
    } finally {
      await second.app.close();
      await second.runtime.bus.close().catch(() => undefined);
    }
  });

  it('does not lose an event when NATS is down at the time of the change', async () => {
    const key = await client.request(KeyCreate, { type: 'secp256r1' });
    await eventsOf(key.keyId, 1);
    await nats.kill();
    // The bus is gone, so the change comes through the service itself (as a request in flight would).
    const disabled = await app.get(KeyService).disable(key.keyId);
    assert.equal(disabled.status, 'DISABLED');
    const { rows } = await pg.query<{ published: boolean }>(
      `SELECT ${outboxPublishedSql('kms.outbox', 'o')} AS published FROM kms.outbox o WHERE subject = $1`,
      [`kms.events.v1.${key.keyId}.key_disabled`],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].published, false, 'kept in the outbox while NATS is down');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await nats.start();
    const messages = await eventsOf(key.keyId, 2);
    assert.deepEqual(
      messages.map((m) => (m.data as KmsKeyEvent).event),
      ['key_created', 'key_disabled'],
    );
  });
});
