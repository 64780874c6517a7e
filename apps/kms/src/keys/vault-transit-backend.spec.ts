import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import NodeVault from 'node-vault';
import { BusError, type KeyType, type PublicJwk } from '@issuer/contracts';
import { ConfigError } from '@issuer/platform';
import { loadVaultConfig } from '../kms.config';
import type { StoredKey } from './kms-backend';
import { VaultTransitBackend } from './vault-transit-backend';
import { FakeVaultTransit } from '../../test/vault-transit.fake';
import { signAndVerify } from '../../test/backend-signature.assert';

const TOKEN = 'hvs.test-token-never-logged';

function stored(keyId: string, type: KeyType, material: { publicJwk: PublicJwk; alg: string; externalKeyId: string | null }): StoredKey {
  return { keyId, name: null, type, backend: 'vault', privateKeyEncrypted: null, createdAt: new Date(), ...material };
}

describe('VaultTransitBackend (against a protocol-level fake of Vault transit, through node-vault)', () => {
  const fake = new FakeVaultTransit(TOKEN, 'transit');
  let backend: VaultTransitBackend;

  before(async () => {
    await fake.start();
    backend = new VaultTransitBackend(
      NodeVault({ apiVersion: 'v1', endpoint: fake.address, token: TOKEN, namespace: 'team-a' }),
      'transit',
    );
  });
  after(() => fake.stop());

  const cases: [KeyType, string, string[]][] = [
    ['ed25519', 'ed25519', ['EdDSA']],
    ['secp256r1', 'ecdsa-p256', ['ES256']],
    ['secp384r1', 'ecdsa-p384', ['ES384']],
    ['rsa', 'rsa-2048', ['RS256', 'PS256']],
    ['rsa3072', 'rsa-3072', ['RS256']],
  ];
  for (const [type, vaultType, algs] of cases) {
    it(`creates a non-exportable ${vaultType} key and its ${algs.join('/')} signatures verify with jose`, async () => {
      const keyId = randomUUID();
      const material = await backend.createKey(keyId, type);
      assert.equal(material.privateKeyEncrypted, null);
      assert.equal(material.externalKeyId, `${keyId}:v1`, 'the transit key name with the pinned version');
      assert.equal(fake.keys.get(keyId)?.type, vaultType);
      const { kid, alg, ...jwk } = material.publicJwk as Record<string, unknown>;
      assert.equal(kid, await calculateJwkThumbprint(jwk as JWK, 'sha256'));
      assert.equal(alg, material.alg);
      assert.equal(jwk.d, undefined);
      const key = stored(keyId, type, material);
      for (const signingAlg of algs) await signAndVerify(backend, key, signingAlg);
    });
  }

  it('sends the namespace header and uses the configured mount', () => {
    assert.ok(fake.requests.length > 0);
    assert.ok(fake.requests.every((r) => r.namespace === 'team-a' && r.path.startsWith('/v1/transit/')));
  });

  it('refuses secp256k1 (no transit key type) and importing private keys', () => {
    assert.equal(backend.isOperationSupported('create', 'secp256k1'), false);
    assert.equal(backend.isOperationSupported('sign', 'secp256k1'), false);
    assert.equal(backend.isOperationSupported('import', 'secp256r1'), false);
    assert.equal(backend.isOperationSupported('create', 'rsa4096'), true);
  });

  it('answers UNAVAILABLE on a rejected token, without the token in the error', async () => {
    const wrong = new VaultTransitBackend(NodeVault({ apiVersion: 'v1', endpoint: fake.address, token: 'hvs.wrong-secret' }), 'transit');
    const error = await wrong.createKey(randomUUID(), 'secp256r1').then(
      () => assert.fail('expected a BusError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BusError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.match(error.message, /vault refused the kms token.*403.*permission denied/);
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(JSON.stringify({ m: error.message, e: error.errors }), /wrong-secret/);
  });

  it('answers UNAVAILABLE when Vault is unreachable', async () => {
    const down = new VaultTransitBackend(NodeVault({ apiVersion: 'v1', endpoint: 'http://127.0.0.1:1', token: TOKEN }), 'transit');
    await assert.rejects(down.linkKey('anything'), (e: unknown) => e instanceof BusError && e.code === 'UNAVAILABLE');
  });

  it('links an existing transit key: reads its type and public key, signatures verify', async () => {
    fake.addKey('issuer-signing-p256', 'ecdsa-p256');
    const linked = await backend.linkKey('issuer-signing-p256');
    assert.equal(linked.type, 'secp256r1');
    assert.equal(linked.alg, 'ES256');
    assert.equal(linked.externalKeyId, 'issuer-signing-p256:v1');
    await signAndVerify(backend, stored(randomUUID(), linked.type, linked), 'ES256');

    fake.addKey('issuer-ed', 'ed25519');
    const ed = await backend.linkKey('issuer-ed');
    assert.equal(ed.type, 'ed25519');
    await signAndVerify(backend, stored(randomUUID(), ed.type, ed), 'EdDSA');
  });

  it('keeps signing with the pinned key version after the key is rotated in Vault', async () => {
    const keyId = randomUUID();
    const key = stored(keyId, 'secp256r1', await backend.createKey(keyId, 'secp256r1'));
    // Rotate through Vault's own endpoint: the latest version now has different key material.
    await NodeVault({ apiVersion: 'v1', endpoint: fake.address, token: TOKEN }).write(`transit/keys/${keyId}/rotate`, {});
    assert.equal(fake.keys.get(keyId)?.versions.length, 2);
    await signAndVerify(backend, key, 'ES256');
    // Linking again adopts the new version (a new public key); an explicit version pins an older one.
    const latest = await backend.linkKey(keyId);
    assert.equal(latest.externalKeyId, `${keyId}:v2`);
    assert.notEqual(latest.publicJwk.kid, key.publicJwk.kid);
    await signAndVerify(backend, stored(randomUUID(), 'secp256r1', latest), 'ES256');
    const first = await backend.linkKey(`${keyId}:v1`);
    assert.deepEqual(first.publicJwk, key.publicJwk);
    await assert.rejects(backend.linkKey(`${keyId}:v9`), (e: unknown) => e instanceof BusError && e.code === 'NOT_FOUND');
  });

  it('signs a row stored before pinning (bare transit name) with the version matching its public key', async () => {
    const keyId = randomUUID();
    const material = await backend.createKey(keyId, 'rsa');
    fake.rotate(keyId);
    fake.rotate(keyId);
    const legacy = stored(keyId, 'rsa', { ...material, externalKeyId: keyId });
    await signAndVerify(backend, legacy, 'RS256');
    await signAndVerify(backend, legacy, 'PS256');
    const foreign = stored(randomUUID(), 'rsa', { ...(await backend.createKey(randomUUID(), 'rsa')), externalKeyId: keyId });
    await assert.rejects(backend.sign(foreign, 'RS256', Buffer.from('x')), (e: unknown) => e instanceof BusError && e.code === 'CONFLICT');
  });

  it('refuses to link unknown names, bad names and unsupported transit types', async () => {
    await assert.rejects(backend.linkKey('does-not-exist'), (e: unknown) => e instanceof BusError && e.code === 'NOT_FOUND');
    await assert.rejects(backend.linkKey('../sys/seal'), (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST');
    fake.keys.set('aes', { ...fake.keys.get('issuer-ed')!, type: 'aes256-gcm96' });
    await assert.rejects(backend.linkKey('aes'), (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST');
  });

  it('the fake answers 400 on an unknown transit key type (as Vault does)', async () => {
    const raw = NodeVault({ apiVersion: 'v1', endpoint: fake.address, token: TOKEN });
    await assert.rejects(
      raw.write('transit/keys/x', { type: 'no-such-type' }),
      (e: unknown) => (e as { response?: { statusCode?: number } }).response?.statusCode === 400,
    );
  });
});

describe('loadVaultConfig', () => {
  it('is undefined without VAULT_ADDR (no vault backend)', () => {
    assert.equal(loadVaultConfig({}), undefined);
  });

  it('reads address, token, mount (default transit) and namespace', () => {
    assert.deepEqual(loadVaultConfig({ VAULT_ADDR: 'https://vault.example.com:8200/', VAULT_TOKEN: 's' }), {
      endpoint: 'https://vault.example.com:8200',
      token: 's',
      mount: 'transit',
      namespace: undefined,
    });
    assert.equal(
      loadVaultConfig({ VAULT_ADDR: 'http://v:8200', VAULT_TOKEN: 's', VAULT_TRANSIT_MOUNT: 'kms/transit' })?.mount,
      'kms/transit',
    );
  });

  it('fails fast naming the variable, without echoing the token', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadVaultConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        assert.doesNotMatch(error.message, /super-secret/);
        return error.problems.map((p) => p.variable);
      }
      return assert.fail('expected a ConfigError');
    };
    assert.deepEqual(problems({ VAULT_ADDR: 'not a url', VAULT_TOKEN: 'super-secret' }), ['VAULT_ADDR']);
    assert.deepEqual(problems({ VAULT_ADDR: 'http://v:8200' }), ['VAULT_TOKEN']);
    assert.deepEqual(problems({ VAULT_ADDR: 'http://v:8200', VAULT_TOKEN_FILE: '/nonexistent/token' }), ['VAULT_TOKEN_FILE']);
  });
});
