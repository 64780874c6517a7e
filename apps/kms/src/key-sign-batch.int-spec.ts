import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { compactVerify, importJWK } from 'jose';
import pino from 'pino';
import { KeyCreate, KeyDisable, KeyGet, KeySignBatch, type KeyDto, type KeySignRequest } from '@issuer/contracts';
import { metricsRegistry, NatsBus, bootServiceContext, type PlatformRuntime } from '@issuer/platform';
import { createTestDatabase, NatsServerProcess, waitFor } from '@issuer/testing';
import { KmsModule } from './kms.module';

const silent = pino({ level: 'silent' });
const b64u = (value: string) => Buffer.from(value).toString('base64url');
const signatures = async (alg: string) =>
  (await metricsRegistry.getSingleMetric('kms_key_signatures_total')?.get())?.values.find((v) => v.labels.alg === alg)?.value ?? 0;

describe('kms.key.sign-batch.v1 over NATS with PostgreSQL', { timeout: 180_000 }, () => {
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;
  let runtime: PlatformRuntime;
  let client: NatsBus;

  /** A JWS signing input for `key`, as the batch item carries it (base64url of the ASCII input). */
  const jwsInput = (key: KeyDto, text: string) => `${b64u(JSON.stringify({ alg: key.alg }))}.${b64u(text)}`;
  const item = (key: KeyDto, text: string): KeySignRequest => ({ keyId: key.keyId, data: b64u(jwsInput(key, text)) });
  const verifies = async (key: KeyDto, text: string, signature: string) => {
    const { payload } = await compactVerify(`${jwsInput(key, text)}.${signature}`, await importJWK(key.publicJwk, key.alg));
    assert.equal(Buffer.from(payload).toString(), text);
  };

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kms_sign_batch');
    ({ app, runtime } = await bootServiceContext('kms', KmsModule, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      KMS_MASTER_KEY: randomBytes(32).toString('base64'),
    }));
    client = await NatsBus.connect(nats.url, 'kms-sign-batch-itest-client', silent);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await app?.close();
    await runtime?.bus.close().catch(() => undefined);
    await database?.drop();
    await nats?.dispose();
  });

  it('signs every item of one message with its own key, in order, and counts usage per key', async () => {
    const p256 = await client.request(KeyCreate, { type: 'secp256r1' });
    const p384 = await client.request(KeyCreate, { type: 'secp384r1' });
    const es256 = await signatures('ES256');
    const es384 = await signatures('ES384');
    const texts = ['first', 'second', 'third', 'fourth', 'fifth'];
    const keys = [p256, p384, p256, p256, p384];
    const { results } = await client.request(KeySignBatch, { items: texts.map((text, i) => item(keys[i], text)) });
    assert.equal(results.length, texts.length);
    for (const [i, result] of results.entries()) {
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.data.alg, keys[i].alg);
      await verifies(keys[i], texts[i], result.data.signature);
    }
    assert.equal((await signatures('ES256')) - es256, 3);
    assert.equal((await signatures('ES384')) - es384, 2);
    const counted = await waitFor(
      'sign_count flushed',
      async () => {
        const [a, b] = await Promise.all([client.request(KeyGet, { keyId: p256.keyId }), client.request(KeyGet, { keyId: p384.keyId })]);
        return a.signCount === 3 && b.signCount === 2 ? a : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.ok(counted.lastUsedAt);
  });

  it('fails an invalid item, an unknown or disabled key and a wrong alg alone, with the codes of single requests', async () => {
    const good = await client.request(KeyCreate, { type: 'secp256r1' });
    const disabled = await client.request(KeyCreate, { type: 'secp256r1' });
    await client.request(KeyDisable, { keyId: disabled.keyId });
    const es256 = await signatures('ES256');
    const { results } = await client.request(KeySignBatch, {
      items: [
        item(good, 'one'),
        { keyId: 'not-a-uuid', data: b64u('x') },
        { keyId: '00000000-0000-4000-8000-000000000000', data: b64u('x') },
        item(disabled, 'x'),
        { ...item(good, 'x'), alg: 'EdDSA' },
        item(good, 'two'),
      ],
    });
    assert.deepEqual(
      results.map((result) => (result.ok ? 'ok' : result.error.code)),
      ['ok', 'BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'BAD_REQUEST', 'ok'],
    );
    const invalid = results[1];
    assert.ok(!invalid.ok && invalid.error.errors?.some((error) => error.path === 'keyId'));
    assert.ok(results[0].ok && results[5].ok);
    await verifies(good, 'one', results[0].data.signature);
    await verifies(good, 'two', results[5].data.signature);
    assert.equal((await signatures('ES256')) - es256, 2, 'only the signatures made are counted');
  });
});
