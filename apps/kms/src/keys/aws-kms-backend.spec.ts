import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { KMSClient } from '@aws-sdk/client-kms';
import { BusError, type KeyType, type PublicJwk } from '@issuer/contracts';
import { ConfigError } from '@issuer/platform';
import { loadAwsKmsConfig } from '../kms.config';
import type { StoredKey } from './kms-backend';
import { AwsKmsBackend } from './aws-kms-backend';
import { FakeAwsKms } from '../../test/aws-kms.fake';
import { signAndVerify } from '../../test/backend-signature.assert';

const credentials = { accessKeyId: 'AKIDTESTNEVERLOGGED', secretAccessKey: 'test-secret-never-logged' };

function stored(keyId: string, type: KeyType, material: { publicJwk: PublicJwk; alg: string; externalKeyId: string | null }): StoredKey {
  return { keyId, name: null, type, backend: 'aws', privateKeyEncrypted: null, createdAt: new Date(), ...material };
}

const clientFor = (endpoint: string) => new KMSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });

describe('AwsKmsBackend (against a protocol-level fake of AWS KMS, through @aws-sdk/client-kms)', () => {
  const fake = new FakeAwsKms();
  let backend: AwsKmsBackend;

  before(async () => {
    await fake.start();
    backend = new AwsKmsBackend(clientFor(fake.address));
  });
  after(() => fake.stop());

  const cases: [KeyType, string, string[]][] = [
    ['secp256r1', 'ECC_NIST_P256', ['ES256']],
    ['secp384r1', 'ECC_NIST_P384', ['ES384']],
    ['secp256k1', 'ECC_SECG_P256K1', ['ES256K']],
    ['rsa', 'RSA_2048', ['RS256', 'PS256']],
  ];
  for (const [type, keySpec, algs] of cases) {
    it(`creates a ${keySpec} key and its ${algs.join('/')} signatures verify`, async () => {
      const material = await backend.createKey(randomUUID(), type);
      assert.equal(material.privateKeyEncrypted, null);
      assert.match(material.externalKeyId, /^arn:aws:kms:us-east-1:\d+:key\/[0-9a-f-]{36}$/);
      assert.equal(fake.keys.get(material.externalKeyId.split('/')[1])?.keySpec, keySpec);
      const { kid, alg, ...jwk } = material.publicJwk as Record<string, unknown>;
      assert.equal(kid, await calculateJwkThumbprint(jwk as JWK, 'sha256'));
      assert.equal(alg, material.alg);
      assert.equal(jwk.d, undefined);
      const key = stored(randomUUID(), type, material);
      // ES256K: several signatures so a high-S answer from AWS is very likely normalised at least once.
      for (const signingAlg of algs)
        for (let i = 0; i < (signingAlg === 'ES256K' ? 8 : 1); i++) await signAndVerify(backend, key, signingAlg);
    });
  }

  it('speaks AWS JSON 1.1 with a SigV4 Authorization header', () => {
    assert.ok(fake.requests.length > 0);
    assert.ok(fake.requests.every((r) => r.sigV4 && r.contentType?.startsWith('application/x-amz-json-1.1')));
    assert.deepEqual(
      new Set(fake.requests.map((r) => r.target)),
      new Set(['TrentService.CreateKey', 'TrentService.GetPublicKey', 'TrentService.Sign']),
    );
  });

  it('signs inputs over 4096 bytes as a DIGEST (RS256)', async () => {
    const material = await backend.createKey(randomUUID(), 'rsa');
    await signAndVerify(backend, stored(randomUUID(), 'rsa', material), 'RS256', JSON.stringify({ big: 'x'.repeat(6000) }));
  });

  it('refuses ed25519 and importing private keys', async () => {
    assert.equal(backend.isOperationSupported('create', 'ed25519'), false);
    assert.equal(backend.isOperationSupported('sign', 'ed25519'), false);
    assert.equal(backend.isOperationSupported('import', 'secp256r1'), false);
    assert.equal(backend.isOperationSupported('create', 'rsa4096'), true);
    await assert.rejects(backend.createKey(randomUUID(), 'ed25519'), (e: unknown) => e instanceof BusError && e.code === 'UNSUPPORTED');
  });

  it('links an existing key by id or ARN: reads its spec and public key, signatures verify', async () => {
    const keyId = fake.addKey('ECC_NIST_P256');
    const linked = await backend.linkKey(keyId);
    assert.equal(linked.type, 'secp256r1');
    assert.equal(linked.alg, 'ES256');
    assert.equal(linked.privateKeyEncrypted, null);
    assert.equal(linked.externalKeyId, `arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
    await signAndVerify(backend, stored(randomUUID(), linked.type, linked), 'ES256');

    const rsaId = fake.addKey('RSA_3072');
    const rsa = await backend.linkKey(`arn:aws:kms:us-east-1:111122223333:key/${rsaId}`);
    assert.equal(rsa.type, 'rsa3072');
    await signAndVerify(backend, stored(randomUUID(), rsa.type, rsa), 'PS256');
  });

  it('answers NOT_FOUND for an unknown key and BAD_REQUEST for a malformed reference', async () => {
    await assert.rejects(backend.linkKey(randomUUID()), (e: unknown) => e instanceof BusError && e.code === 'NOT_FOUND');
    await assert.rejects(backend.linkKey('not a key id'), (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST');
  });

  it('answers UNAVAILABLE when the endpoint is down, without credentials in the error', async () => {
    const down = new AwsKmsBackend(clientFor('http://127.0.0.1:1'));
    const error = await down.createKey(randomUUID(), 'secp256r1').then(
      () => assert.fail('expected a BusError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BusError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(JSON.stringify({ m: error.message, e: error.errors }), /never-logged/);
  });
});

describe('loadAwsKmsConfig', () => {
  it('is undefined without AWS_KMS_REGION (no aws backend)', () => {
    assert.equal(loadAwsKmsConfig({}), undefined);
  });

  it('reads region and optional endpoint', () => {
    assert.deepEqual(loadAwsKmsConfig({ AWS_KMS_REGION: 'eu-central-1' }), { region: 'eu-central-1', endpoint: undefined });
    assert.deepEqual(loadAwsKmsConfig({ AWS_KMS_REGION: 'us-east-1', AWS_KMS_ENDPOINT: 'http://127.0.0.1:4566/' }), {
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
    });
  });

  it('fails fast naming the variable, without echoing credentials', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadAwsKmsConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        assert.doesNotMatch(error.message, /super-secret/);
        return error.problems.map((p) => p.variable);
      }
      return assert.fail('expected a ConfigError');
    };
    assert.deepEqual(problems({ AWS_KMS_REGION: 'Frankfurt', AWS_SECRET_ACCESS_KEY: 'super-secret' }), ['AWS_KMS_REGION']);
    assert.deepEqual(problems({ AWS_KMS_REGION: 'eu-west-1', AWS_KMS_ENDPOINT: 'not a url' }), ['AWS_KMS_ENDPOINT']);
    assert.deepEqual(problems({ AWS_KMS_ENDPOINT: 'http://127.0.0.1:4566' }), ['AWS_KMS_REGION']);
  });
});
