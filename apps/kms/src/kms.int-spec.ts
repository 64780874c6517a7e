import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { calculateJwkThumbprint, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { Client } from 'pg';
import pino from 'pino';
import {
  ALGS_BY_KEY_TYPE,
  BusError,
  DEFAULT_ALG,
  healthPingContract,
  KEY_TYPES,
  KeyCreate,
  KeyDelete,
  KeyGet,
  KeyImport,
  KeyList,
  KeySign,
  type KeyDto,
  type KeyType,
} from '@issuer/contracts';
import { ConfigError, NatsBus, type PlatformRuntime, bootServiceContext } from '@issuer/platform';
import { createTestDatabase, expectBusError, NatsServerProcess } from '@issuer/testing';
import { MasterKeyCipher } from './keys/master-key-cipher';
import { KmsModule } from './kms.module';

const bootKms = (env: NodeJS.ProcessEnv) => bootServiceContext('kms', KmsModule, env);

const silent = pino({ level: 'silent' });
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const b64u = (value: string | Buffer) => Buffer.from(value).toString('base64url');

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

function publicPart(jwk: KeyDto['publicJwk']): JWK {
  const { kid: _kid, alg: _alg, ...rest } = jwk;
  return rest as JWK;
}

describe('kms over NATS with PostgreSQL', { timeout: 240_000 }, () => {
  let nats: NatsServerProcess;
  let database: TestDatabase;
  let app: INestApplicationContext;
  let runtime: PlatformRuntime;
  let client: NatsBus;
  let pg: Client;
  const masterKey = randomBytes(32);
  const created = new Map<KeyType, KeyDto>();

  /** Signs a JWS through KeySign and returns it compact-serialised. */
  const signJws = async (key: KeyDto, alg: string, payload: object): Promise<string> => {
    const input = `${b64u(JSON.stringify({ alg, kid: key.publicJwk.kid }))}.${b64u(JSON.stringify(payload))}`;
    const reply = await client.request(KeySign, { keyId: key.keyId, data: b64u(input), ...(alg === key.alg ? {} : { alg }) });
    assert.equal(reply.alg, alg);
    return `${input}.${reply.signature}`;
  };
  const storedBlob = async (keyId: string): Promise<Buffer> => {
    const { rows } = await pg.query<{ private_key_encrypted: Buffer }>('SELECT private_key_encrypted FROM kms.keys WHERE key_id = $1', [
      keyId,
    ]);
    assert.equal(rows.length, 1);
    return rows[0].private_key_encrypted;
  };

  before(async () => {
    // A private nats-server: kms serves fixed subjects in the fixed queue group "kms", which a cluster
    // run on the shared server would otherwise share with this test.
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kms');
    ({ app, runtime } = await bootKms({ DATABASE_URL: database.url, NATS_URL: nats.url, KMS_MASTER_KEY: masterKey.toString('base64') }));
    client = await NatsBus.connect(nats.url, 'kms-itest-client', silent);
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await runtime?.bus.close().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await database?.drop();
    await nats?.dispose();
  });

  it('answers its health ping over the bus', async () => {
    assert.deepEqual(await client.request(healthPingContract('kms'), {}), { service: 'kms', instanceId: runtime.instanceId });
  });

  for (const type of KEY_TYPES) {
    it(`creates a ${type} key whose signatures verify against its public JWK`, async () => {
      const key = await client.request(KeyCreate, { type, name: `test ${type}` }, { timeoutMs: 60_000 });
      created.set(type, key);
      assert.match(key.keyId, /^[0-9a-f-]{36}$/);
      assert.equal(key.type, type);
      assert.equal(key.name, `test ${type}`);
      assert.equal(key.backend, 'local');
      assert.equal(key.alg, DEFAULT_ALG[type]);
      assert.ok(!Number.isNaN(Date.parse(key.createdAt)));
      for (const member of PRIVATE_MEMBERS) assert.equal(key.publicJwk[member], undefined, `publicJwk.${member}`);
      assert.equal(key.publicJwk.kid, await calculateJwkThumbprint(publicPart(key.publicJwk), 'sha256'));

      for (const alg of ALGS_BY_KEY_TYPE[type]) {
        if (alg === 'ES256K') {
          const publicKey = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
          for (let i = 0; i < 12; i++) {
            const data = Buffer.from(`payload ${i}`);
            const { signature } = await client.request(KeySign, { keyId: key.keyId, data: b64u(data) });
            const raw = Buffer.from(signature, 'base64url');
            assert.equal(raw.length, 64);
            assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw), `signature ${i} verifies`);
            assert.ok(BigInt(`0x${raw.subarray(32).toString('hex')}`) <= SECP256K1_N / 2n, `signature ${i} is low-S`);
          }
        } else {
          const jws = await signJws(key, alg, { sub: type, alg });
          const { payload } = await compactVerify(jws, await importJWK(publicPart(key.publicJwk), alg), { algorithms: [alg] });
          assert.deepEqual(JSON.parse(Buffer.from(payload).toString()), { sub: type, alg });
        }
      }
    });
  }

  it('refuses an algorithm the key type cannot sign with, and an unknown key type', async () => {
    const ed = created.get('ed25519')!;
    const error = await expectBusError(client.request(KeySign, { keyId: ed.keyId, data: b64u('x'), alg: 'ES256' }), 'BAD_REQUEST');
    assert.deepEqual(
      error.errors?.map((e) => e.path),
      ['alg'],
    );
    await expectBusError(client.request(KeySign, { keyId: created.get('rsa')!.keyId, data: b64u('x'), alg: 'HS256' }), 'BAD_REQUEST');
    await expectBusError(client.request(KeyCreate, { type: 'dsa' as KeyType }), 'BAD_REQUEST');
    await expectBusError(client.request(KeyCreate, { type: 'rsa', backend: 'aws-kms' }), 'UNSUPPORTED');
  });

  it('gets a key by id; unknown and malformed ids are NOT_FOUND and BAD_REQUEST', async () => {
    // Usage counters move on their own (signatures above are flushed every few seconds), so they are left out.
    const stable = ({ signCount: _s, lastUsedAt: _l, ...rest }: KeyDto) => rest;
    for (const key of created.values()) assert.deepEqual(stable(await client.request(KeyGet, { keyId: key.keyId })), stable(key));
    await expectBusError(client.request(KeyGet, { keyId: randomUUID() }), 'NOT_FOUND');
    await expectBusError(client.request(KeyGet, { keyId: 'not-a-uuid' }), 'BAD_REQUEST');
    await expectBusError(client.request(KeySign, { keyId: randomUUID(), data: b64u('x') }), 'NOT_FOUND');
  });

  it('stores private keys only encrypted under the master key, bound to the key id', async () => {
    const cipher = new MasterKeyCipher(masterKey);
    for (const key of created.values()) {
      const blob = await storedBlob(key.keyId);
      const pkcs8 = cipher.decrypt(blob, key.keyId);
      const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
      const derivedPublic = createPublicKey(privateKey).export({ format: 'jwk' });
      assert.deepEqual({ ...derivedPublic }, publicPart(key.publicJwk), `${key.type}: the stored private key belongs to the public JWK`);
      assert.equal(blob.indexOf(pkcs8), -1, `${key.type}: PKCS#8 in clear`);
      const d = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
      assert.equal(blob.indexOf(d), -1, `${key.type}: private scalar in clear`);
      assert.throws(() => new MasterKeyCipher(randomBytes(32)).decrypt(blob, key.keyId));
      assert.throws(() => cipher.decrypt(blob, randomUUID()));
    }
    const { rows } = await pg.query<{ public_jwk: Record<string, unknown> }>('SELECT public_jwk FROM kms.keys');
    for (const row of rows) for (const member of PRIVATE_MEMBERS) assert.equal(row.public_jwk[member], undefined);
  });

  it('imports a jose-generated private JWK (keeping its kid), signs with it, and stores it encrypted', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(pair.privateKey)), kid: 'wallet-attestation-1' };
    const key = await client.request(KeyImport, { jwk, name: 'imported' });
    assert.equal(key.type, 'secp256r1');
    assert.equal(key.alg, 'ES256');
    assert.equal(key.name, 'imported');
    assert.equal(key.publicJwk.kid, 'wallet-attestation-1');
    for (const member of PRIVATE_MEMBERS) assert.equal(key.publicJwk[member], undefined);
    const { protectedHeader } = await compactVerify(await signJws(key, 'ES256', { imported: true }), pair.publicKey);
    assert.equal(protectedHeader.kid, 'wallet-attestation-1');

    const pkcs8 = createPrivateKey({ key: jwk as never, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' });
    const blob = await storedBlob(key.keyId);
    assert.equal(blob.indexOf(pkcs8), -1, 'PKCS#8 of the imported key in clear');
    assert.equal(blob.indexOf(Buffer.from(jwk.d!, 'base64url')), -1, 'private scalar in clear');
    assert.deepEqual(new MasterKeyCipher(masterKey).decrypt(blob, key.keyId), pkcs8);

    const ed = await generateKeyPair('EdDSA', { extractable: true, crv: 'Ed25519' });
    const edKey = await client.request(KeyImport, { jwk: await exportJWK(ed.privateKey) });
    assert.equal(edKey.type, 'ed25519');
    assert.equal(edKey.publicJwk.kid, await calculateJwkThumbprint(await exportJWK(ed.publicKey), 'sha256'));
    await compactVerify(await signJws(edKey, 'EdDSA', { ok: 1 }), ed.publicKey);
  });

  it('refuses to import a public-only JWK (BAD_REQUEST) or a key of an unconfigured backend (UNSUPPORTED)', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const error = await expectBusError(client.request(KeyImport, { jwk: await exportJWK(pair.publicKey) }), 'BAD_REQUEST');
    assert.ok(
      error.errors?.some((e) => e.path === 'jwk.d'),
      JSON.stringify(error.errors),
    );
    await expectBusError(client.request(KeyImport, { backend: 'aws-kms', externalKeyId: 'arn:aws:kms:x' }), 'UNSUPPORTED');
  });

  it('lists every key once across pages, in creation order, including keys created in the same instant', async () => {
    // Five rows with one created_at: the keyset cursor must order ties by key id, not skip or repeat them.
    const sameInstant = Array.from({ length: 5 }, () => randomUUID());
    for (const keyId of sameInstant) {
      await pg.query(
        `INSERT INTO kms.keys (key_id, type, backend, alg, public_jwk, created_at) VALUES ($1, 'ed25519', 'local', 'EdDSA', $2, '2000-01-01T00:00:00Z')`,
        [keyId, { kty: 'OKP', crv: 'Ed25519', x: b64u(randomBytes(32)), kid: keyId }],
      );
    }
    const { rows } = await pg.query<{ key_id: string }>('SELECT key_id FROM kms.keys ORDER BY created_at, key_id');
    const expected = rows.map((r) => r.key_id);
    assert.ok(expected.length >= 14);

    for (const limit of [1, 2, 3, 500]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await client.request(KeyList, { limit, ...(cursor ? { cursor } : {}) });
        assert.ok(result.items.length <= limit);
        seen.push(...result.items.map((k) => k.keyId));
        for (const item of result.items) for (const member of PRIVATE_MEMBERS) assert.equal(item.publicJwk[member], undefined);
        if (!result.nextCursor) break;
        assert.equal(result.nextCursor, result.items[result.items.length - 1].keyId);
        cursor = result.nextCursor;
      }
      assert.deepEqual(seen, expected, `limit ${limit}`);
    }
    const firstPage = await client.request(KeyList, {});
    assert.equal(firstPage.items.length, expected.length, 'default limit covers this table');
    await expectBusError(client.request(KeyList, { limit: 0 }), 'BAD_REQUEST');
    await expectBusError(client.request(KeyList, { limit: 501 }), 'BAD_REQUEST');
    for (const keyId of sameInstant) await client.request(KeyDelete, { keyId });
  });

  it('does not silently end a listing whose cursor key was deleted meanwhile', async () => {
    const total = (await client.request(KeyList, { limit: 500 })).items.length;
    const victim = await client.request(KeyCreate, { type: 'ed25519' });
    const first = await client.request(KeyList, { limit: total });
    assert.equal(first.nextCursor, first.items[first.items.length - 1].keyId);
    await client.request(KeyDelete, { keyId: first.nextCursor! });
    // Either the listing continues after the deleted key or the caller is told the cursor is stale;
    // an empty last page would claim the listing is complete while `victim` is still there.
    const next = await client.request(KeyList, { limit: total, cursor: first.nextCursor }).then(
      (result) => result,
      (error: unknown) => error,
    );
    if (next instanceof BusError) {
      assert.equal(next.code, 'BAD_REQUEST', next.message);
      assert.deepEqual(
        next.errors?.map((e) => e.path),
        ['cursor'],
      );
    } else {
      assert.ok(
        (next as { items: KeyDto[] }).items.some((k) => k.keyId === victim.keyId),
        'the remaining key is listed',
      );
    }
    // A cursor that is simply the last key still ends the listing normally.
    const last = (await client.request(KeyList, { limit: 500 })).items.at(-1)!;
    assert.deepEqual(await client.request(KeyList, { cursor: last.keyId }), { items: [] });
  });

  it('deletes a key: afterwards get, sign and delete are NOT_FOUND and the row is gone', async () => {
    const key = created.get('secp256r1')!;
    await signJws(key, 'ES256', { warm: 'cache' });
    assert.deepEqual(await client.request(KeyDelete, { keyId: key.keyId }), { deleted: true });
    await expectBusError(client.request(KeyGet, { keyId: key.keyId }), 'NOT_FOUND');
    await expectBusError(client.request(KeySign, { keyId: key.keyId, data: b64u('x') }), 'NOT_FOUND');
    await expectBusError(client.request(KeyDelete, { keyId: key.keyId }), 'NOT_FOUND');
    assert.equal((await pg.query('SELECT 1 FROM kms.keys WHERE key_id = $1', [key.keyId])).rowCount, 0);
    const listed = await client.request(KeyList, { limit: 500 });
    assert.ok(!listed.items.some((k) => k.keyId === key.keyId));
  });
});

describe('kms boot with a bad master key', { timeout: 60_000 }, () => {
  let nats: NatsServerProcess;
  let database: TestDatabase;

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kmsbad');
  });
  after(async () => {
    // FORCE also ends the connections of the pool the failed boot had opened.
    await database?.drop();
    await nats?.dispose();
  });

  for (const [label, value] of [
    ['16 bytes', randomBytes(16).toString('base64')],
    ['missing', ''],
  ] as const) {
    it(`fails with a ConfigError naming KMS_MASTER_KEY when it is ${label}`, async () => {
      const error = await bootKms({ DATABASE_URL: database.url, NATS_URL: nats.url, KMS_MASTER_KEY: value }).then(
        async ({ app, runtime }) => {
          await app.close();
          await runtime.bus.close();
          assert.fail('kms booted with a bad master key');
        },
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.deepEqual(
        error.problems.map((p) => p.variable),
        ['KMS_MASTER_KEY'],
      );
      assert.match(error.message, /KMS_MASTER_KEY/);
      if (value) assert.ok(!error.message.includes(value), 'the key is not echoed');
    });
  }
});
