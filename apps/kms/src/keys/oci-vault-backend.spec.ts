import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { MaxAttemptsTerminationStrategy, Region, SimpleAuthenticationDetailsProvider } from 'oci-common';
import { KmsCryptoClient, KmsManagementClient } from 'oci-keymanagement';
import { BusError, type KeyType, type PublicJwk } from '@issuer/contracts';
import type { StoredKey } from './kms-backend';
import { OciVaultBackend } from './oci-vault-backend';
import { FakeOciVault } from '../../test/oci-vault.fake';
import { signAndVerify } from '../../test/backend-signature.assert';

const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatesttenancy';
const USER = 'ocid1.user.oc1..aaaaaaaatestuser';
const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaatestcompartment';

function stored(type: KeyType, material: { publicJwk: PublicJwk; alg: string; externalKeyId: string | null }): StoredKey {
  return { keyId: randomUUID(), name: null, type, backend: 'oci', privateKeyEncrypted: null, createdAt: new Date(), ...material };
}

/** An OCI API signing key as an operator uploads it: RSA, fingerprint = MD5 of the DER public key. */
function apiKey(): { privateKeyPem: string; publicKey: KeyObject; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const fingerprint = createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
  return { privateKeyPem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })), publicKey, fingerprint };
}

function backendFor(endpoint: string, key: ReturnType<typeof apiKey>): OciVaultBackend {
  const provider = new SimpleAuthenticationDetailsProvider(TENANCY, USER, key.fingerprint, key.privateKeyPem, null, Region.EU_FRANKFURT_1);
  const configuration = { retryConfiguration: { terminationStrategy: new MaxAttemptsTerminationStrategy(1) } };
  const management = new KmsManagementClient({ authenticationDetailsProvider: provider }, configuration);
  const crypto = new KmsCryptoClient({ authenticationDetailsProvider: provider }, configuration);
  management.endpoint = endpoint;
  crypto.endpoint = endpoint;
  return new OciVaultBackend(management, crypto, { compartmentId: COMPARTMENT, pollIntervalMs: 10 });
}

describe('OciVaultBackend (against a protocol-level fake of OCI Vault, through oci-keymanagement)', () => {
  const operator = apiKey();
  const fake = new FakeOciVault(new Map([[`${TENANCY}/${USER}/${operator.fingerprint}`, operator.publicKey]]));
  let backend: OciVaultBackend;

  before(async () => {
    await fake.start();
    backend = backendFor(fake.address, operator);
  });
  after(() => fake.stop());

  const cases: [KeyType, string, string[]][] = [
    ['secp256r1', 'ECDSA NIST_P256', ['ES256']],
    ['secp384r1', 'ECDSA NIST_P384', ['ES384']],
    ['rsa', 'RSA 2048', ['RS256', 'PS256']],
    ['rsa3072', 'RSA 3072', ['PS256']],
  ];
  for (const [type, label, algs] of cases) {
    it(`creates an ${label} key (waiting for ENABLED) and its ${algs.join('/')} signatures verify`, async () => {
      const material = await backend.createKey(randomUUID(), type);
      assert.equal(material.privateKeyEncrypted, null);
      const [keyOcid, versionOcid] = material.externalKeyId.split('/');
      const created = fake.keys.get(keyOcid);
      assert.ok(created, 'the key exists in the fake');
      assert.equal(created.compartmentId, COMPARTMENT);
      assert.equal(versionOcid, created.versions[0].id, 'the current key version is pinned');
      const { kid, alg, ...jwk } = material.publicJwk as Record<string, unknown>;
      assert.equal(kid, await calculateJwkThumbprint(jwk as JWK, 'sha256'));
      assert.equal(alg, material.alg);
      assert.equal(jwk.d, undefined);
      const key = stored(type, material);
      for (const signingAlg of algs) await signAndVerify(backend, key, signingAlg);
    });
  }

  it('signs every request with the API key (verified by the fake) and uses the management and crypto paths', () => {
    assert.ok(fake.requests.length > 0);
    assert.ok(fake.requests.every((r) => r.signed));
    const paths = new Set(fake.requests.map((r) => `${r.method} ${r.path.replace(/ocid1\.[a-z]+\.[^/]+/g, '<ocid>')}`));
    assert.deepEqual(
      paths,
      new Set(['POST /20180608/keys', 'GET /20180608/keys/<ocid>', 'GET /20180608/keys/<ocid>/keyVersions/<ocid>', 'POST /20180608/sign']),
    );
  });

  it('signs inputs over 4096 bytes as a DIGEST (ES256 and PS256)', async () => {
    const big = JSON.stringify({ big: 'x'.repeat(6000) });
    await signAndVerify(backend, stored('secp256r1', await backend.createKey(randomUUID(), 'secp256r1')), 'ES256', big);
    await signAndVerify(backend, stored('rsa', await backend.createKey(randomUUID(), 'rsa')), 'PS256', big);
  });

  it('refuses ed25519, secp256k1 and importing private keys', async () => {
    for (const type of ['ed25519', 'secp256k1'] as const) {
      assert.equal(backend.isOperationSupported('create', type), false);
      assert.equal(backend.isOperationSupported('sign', type), false);
      await assert.rejects(backend.createKey(randomUUID(), type), (e: unknown) => e instanceof BusError && e.code === 'UNSUPPORTED');
    }
    assert.equal(backend.isOperationSupported('import', 'secp256r1'), false);
    assert.equal(backend.isOperationSupported('create', 'rsa4096'), true);
  });

  it('links an existing key by OCID (pinning its current version) or by key version', async () => {
    const keyOcid = fake.addKey({ algorithm: 'ECDSA', length: 48, curveId: 'NIST_P384' });
    const linked = await backend.linkKey(keyOcid);
    assert.equal(linked.type, 'secp384r1');
    assert.equal(linked.alg, 'ES384');
    assert.equal(linked.externalKeyId, `${keyOcid}/${fake.keys.get(keyOcid)!.versions[0].id}`);
    await signAndVerify(backend, stored(linked.type, linked), 'ES384');

    const rsaOcid = fake.addKey({ algorithm: 'RSA', length: 512 });
    const pinned = `${rsaOcid}/${fake.keys.get(rsaOcid)!.versions[0].id}`;
    const rsa = await backend.linkKey(pinned);
    assert.equal(rsa.type, 'rsa4096');
    assert.equal(rsa.externalKeyId, pinned);
    await signAndVerify(backend, stored(rsa.type, rsa), 'RS256');
  });

  it('answers NOT_FOUND for an unknown key and BAD_REQUEST for malformed references', async () => {
    await assert.rejects(
      backend.linkKey('ocid1.key.oc1.eu-frankfurt-1.nosuchkey'),
      (e: unknown) => e instanceof BusError && e.code === 'NOT_FOUND',
    );
    await assert.rejects(backend.linkKey('my-key'), (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST');
    await assert.rejects(
      backend.linkKey('ocid1.vault.oc1.eu-frankfurt-1.abc'),
      (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST',
    );
  });

  it('answers UNAVAILABLE when the request signature is refused (unknown API key), without the key in the error', async () => {
    const stranger = apiKey();
    const error = await backendFor(fake.address, stranger)
      .createKey(randomUUID(), 'secp256r1')
      .then(
        () => assert.fail('expected a BusError'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof BusError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.match(error.message, /refused the request signature.*401/);
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(error.message, /PRIVATE KEY/);
  });

  it('answers UNAVAILABLE when the endpoint is unreachable', async () => {
    await assert.rejects(
      backendFor('http://127.0.0.1:1', operator).linkKey('ocid1.key.oc1.eu-frankfurt-1.abc'),
      (e: unknown) => e instanceof BusError && e.code === 'UNAVAILABLE',
    );
  });
});
