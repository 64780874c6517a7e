import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import { Client } from 'pg';
import pino from 'pino';
import { KeyCreate, KeyImport, KeySign, type KeyDto } from '@issuer/contracts';
import { ConfigError, NatsBus, type PlatformRuntime, bootServiceContext } from '@issuer/platform';
import { createTestDatabase, expectBusError, NatsServerProcess } from '@issuer/testing';
import { FakeOciVault } from '../test/oci-vault.fake';
import { FakeVaultTransit } from '../test/vault-transit.fake';
import { KmsModule } from './kms.module';

const bootKms = (env: NodeJS.ProcessEnv) => bootServiceContext('kms', KmsModule, env);

const silent = pino({ level: 'silent' });
const b64u = (value: string) => Buffer.from(value).toString('base64url');
const VAULT_TOKEN = 'hvs.int-test-token';
const OCI = {
  OCI_KMS_COMPARTMENT_ID: 'ocid1.compartment.oc1..aaaaaaaainttest',
  OCI_TENANCY_ID: 'ocid1.tenancy.oc1..aaaaaaaainttest',
  OCI_USER_ID: 'ocid1.user.oc1..aaaaaaaainttest',
  OCI_REGION: 'eu-frankfurt-1',
};

describe('kms with external backends (Vault transit and OCI Vault fakes) over NATS with PostgreSQL', { timeout: 180_000 }, () => {
  const vault = new FakeVaultTransit(VAULT_TOKEN, 'transit');
  const apiKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fingerprint = createHash('md5')
    .update(apiKey.publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .match(/../g)!
    .join(':');
  const oci = new FakeOciVault(new Map([[`${OCI.OCI_TENANCY_ID}/${OCI.OCI_USER_ID}/${fingerprint}`, apiKey.publicKey]]));
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;
  let runtime: PlatformRuntime;
  let client: NatsBus;
  let pg: Client;

  /** Signs a JWS through the bus and verifies it with jose against the key's published public JWK. */
  const signAndVerify = async (key: KeyDto, payload: object): Promise<void> => {
    const input = `${b64u(JSON.stringify({ alg: key.alg, kid: key.publicJwk.kid }))}.${b64u(JSON.stringify(payload))}`;
    const { signature, alg } = await client.request(KeySign, { keyId: key.keyId, data: b64u(input) });
    assert.equal(alg, key.alg);
    const { kid: _kid, alg: _alg, ...jwk } = key.publicJwk;
    const verified = await compactVerify(`${input}.${signature}`, await importJWK(jwk as JWK, key.alg), { algorithms: [key.alg] });
    assert.deepEqual(JSON.parse(Buffer.from(verified.payload).toString()), payload);
  };

  before(async () => {
    await vault.start();
    await oci.start();
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kms_external');
    ({ app, runtime } = await bootKms({
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      KMS_MASTER_KEY: randomBytes(32).toString('base64'),
      VAULT_ADDR: vault.address,
      VAULT_TOKEN,
      OCI_KMS_MANAGEMENT_ENDPOINT: oci.address,
      OCI_KMS_CRYPTO_ENDPOINT: oci.address,
      OCI_FINGERPRINT: fingerprint,
      OCI_PRIVATE_KEY: String(apiKey.privateKey.export({ format: 'pem', type: 'pkcs8' })),
      ...OCI,
    }));
    client = await NatsBus.connect(nats.url, 'kms-external-itest-client', silent);
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
    await oci.stop();
    await vault.stop();
  });

  it('links an existing Vault transit key through KeyImport {backend, externalKeyId}; bus signatures verify', async () => {
    vault.addKey('issuer-signing', 'ecdsa-p256');
    const key = await client.request(KeyImport, { backend: 'vault', externalKeyId: 'issuer-signing', name: 'linked' });
    assert.equal(key.backend, 'vault');
    assert.equal(key.type, 'secp256r1');
    assert.equal(key.alg, 'ES256');
    assert.equal(key.name, 'linked');
    const { kid, alg: _alg, ...jwk } = key.publicJwk;
    assert.equal(kid, await calculateJwkThumbprint(jwk as JWK, 'sha256'));
    assert.equal(jwk.d, undefined);
    const { rows } = await pg.query('SELECT external_key_id, private_key_encrypted FROM kms.keys WHERE key_id = $1', [key.keyId]);
    assert.deepEqual(rows, [{ external_key_id: 'issuer-signing:v1', private_key_encrypted: null }]);
    await signAndVerify(key, { linked: 'vault' });
  });

  it('still verifies against the stored public key after the key is rotated in Vault', async () => {
    vault.addKey('rotated-later', 'rsa-2048');
    const key = await client.request(KeyImport, { backend: 'vault', externalKeyId: 'rotated-later' });
    await signAndVerify(key, { before: 'rotation' });
    vault.rotate('rotated-later');
    vault.rotate('rotated-later');
    await signAndVerify(key, { after: 'rotation' });
  });

  it('refuses what the backend cannot do with a clear error naming the field', async () => {
    const unsupported = await expectBusError(client.request(KeyCreate, { type: 'secp256k1', backend: 'vault' }), 'UNSUPPORTED');
    assert.deepEqual(
      unsupported.errors?.map((e) => e.path),
      ['type'],
    );
    const ed = await expectBusError(client.request(KeyCreate, { type: 'ed25519', backend: 'oci' }), 'UNSUPPORTED');
    assert.deepEqual(
      ed.errors?.map((e) => e.path),
      ['type'],
    );
    await expectBusError(client.request(KeyImport, { backend: 'vault', externalKeyId: 'no-such-key' }), 'NOT_FOUND');
    await expectBusError(client.request(KeyImport, { backend: 'vault', externalKeyId: '../sys/seal' }), 'BAD_REQUEST');
    await expectBusError(client.request(KeyImport, { backend: 'azure', externalKeyId: 'issuer' }), 'UNSUPPORTED');
  });

  it('creates an OCI Vault key through the bus (backend registered from OCI_* env) and its signatures verify', async () => {
    const key = await client.request(KeyCreate, { type: 'secp384r1', backend: 'oci', name: 'oci p-384' }, { timeoutMs: 30_000 });
    assert.equal(key.backend, 'oci');
    assert.equal(key.alg, 'ES384');
    await signAndVerify(key, { created: 'oci' });
    assert.ok(oci.requests.length > 0 && oci.requests.every((r) => r.signed));
  });
});

describe('kms boot with a bad external provider configuration', { timeout: 60_000 }, () => {
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('kms_external_bad');
  });
  after(async () => {
    await database?.drop();
    await nats?.dispose();
  });

  for (const [label, env, variable] of [
    ['an http Key Vault URL', { AZURE_KEY_VAULT_URL: 'http://vault.example', AZURE_KEY_VAULT_CLIENT_SECRET: 'x' }, 'AZURE_KEY_VAULT_URL'],
    [
      'an OCI endpoint without the API key',
      {
        OCI_KMS_MANAGEMENT_ENDPOINT: 'https://m.example',
        OCI_KMS_CRYPTO_ENDPOINT: 'https://c.example',
        OCI_FINGERPRINT: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff',
        ...OCI,
      },
      'OCI_PRIVATE_KEY',
    ],
  ] as const) {
    it(`fails with a ConfigError naming ${variable} on ${label}`, async () => {
      const error = await bootKms({
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        KMS_MASTER_KEY: randomBytes(32).toString('base64'),
        ...env,
      }).then(
        async ({ app, runtime }) => {
          await app.close();
          await runtime.bus.close();
          assert.fail('kms booted with a bad provider configuration');
        },
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.ok(
        error.problems.some((p) => p.variable === variable),
        JSON.stringify(error.problems),
      );
    });
  }
});
