import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ClientSecretCredential } from '@azure/identity';
import { BusError, type KeyType, type PublicJwk } from '@issuer/contracts';
import type { StoredKey } from './kms-backend';
import { AzureKeyVaultBackend } from './azure-key-vault-backend';
import { FakeAzureKeyVault, KEY_VAULT_RESOURCE } from '../../test/azure-key-vault.fake';
import { signAndVerify } from '../../test/backend-signature.assert';

function stored(type: KeyType, material: { publicJwk: PublicJwk; alg: string; externalKeyId: string | null }): StoredKey {
  return { keyId: randomUUID(), name: null, type, backend: 'azure', privateKeyEncrypted: null, createdAt: new Date(), ...material };
}

/** The backend as deployed, but with the SDK's TLS agent trusting the fake's certificate and no retries. */
function backendFor(fake: FakeAzureKeyVault, secret = fake.clientSecret, vaultUrl = fake.vaultUrl): AzureKeyVaultBackend {
  const transport = { agent: fake.agent, retryOptions: { maxRetries: 0 } };
  const credential = new ClientSecretCredential(fake.tenantId, fake.clientId, secret, {
    authorityHost: fake.authorityHost,
    // MSAL would otherwise ask the public cloud's instance discovery endpoint about this unknown authority.
    disableInstanceDiscovery: true,
    ...transport,
  });
  // The challenge names the public-cloud resource (vault.azure.net) while the vault is 127.0.0.1.
  return new AzureKeyVaultBackend(vaultUrl, credential, { ...transport, disableChallengeResourceVerification: true });
}

describe('AzureKeyVaultBackend (against a protocol-level fake of Key Vault + Entra ID, through @azure/keyvault-keys)', () => {
  const fake = new FakeAzureKeyVault();
  let backend: AzureKeyVaultBackend;

  before(async () => {
    await fake.start();
    backend = backendFor(fake);
  });
  after(() => fake.stop());

  const cases: [KeyType, string, string[]][] = [
    ['secp256r1', 'EC P-256', ['ES256']],
    ['secp384r1', 'EC P-384', ['ES384']],
    ['secp256k1', 'EC P-256K', ['ES256K']],
    ['rsa', 'RSA 2048', ['RS256', 'PS256']],
    ['rsa3072', 'RSA 3072', ['PS256']],
  ];
  for (const [type, label, algs] of cases) {
    it(`creates an ${label} key and its ${algs.join('/')} signatures verify against the returned public key`, async () => {
      const keyId = randomUUID();
      const material = await backend.createKey(keyId, type);
      assert.equal(material.privateKeyEncrypted, null);
      const version = fake.keys.get(keyId)?.at(-1)?.version;
      assert.ok(version, 'the key was created under the kms key id');
      assert.equal(material.externalKeyId, `${fake.vaultUrl}/keys/${keyId}/${version}`);
      const { kid, alg, ...jwk } = material.publicJwk as Record<string, unknown>;
      assert.equal(kid, await calculateJwkThumbprint(jwk as JWK, 'sha256'));
      assert.doesNotMatch(String(kid), /https?:|keys\//, 'the Key Vault URL is never the kid');
      assert.equal(alg, material.alg);
      assert.equal(jwk.d, undefined);
      const key = stored(type, material);
      // ES256K: several signatures so a high-S answer is very likely normalised at least once.
      for (const signingAlg of algs)
        for (let i = 0; i < (signingAlg === 'ES256K' ? 8 : 1); i++) await signAndVerify(backend, key, signingAlg);
    });
  }

  it('authenticates through the 401 challenge and a client-credentials token for the Key Vault resource', () => {
    assert.ok(fake.tokenRequests.length > 0);
    assert.ok(fake.tokenRequests.every((t) => t.grantType === 'client_credentials' && t.scope.includes(`${KEY_VAULT_RESOURCE}/.default`)));
    const keyRequests = fake.requests.filter((r) => r.path.startsWith('/keys/'));
    assert.ok(
      keyRequests.some((r) => !r.authorized),
      'the SDK saw the challenge',
    );
    assert.ok(
      keyRequests.some((r) => r.authorized && r.path.endsWith('/sign')),
      'signing was authorized',
    );
  });

  it('refuses ed25519 and importing private keys', async () => {
    assert.equal(backend.isOperationSupported('create', 'ed25519'), false);
    assert.equal(backend.isOperationSupported('sign', 'ed25519'), false);
    assert.equal(backend.isOperationSupported('import', 'secp256r1'), false);
    assert.equal(backend.isOperationSupported('create', 'secp256k1'), true);
    await assert.rejects(backend.createKey(randomUUID(), 'ed25519'), (e: unknown) => e instanceof BusError && e.code === 'UNSUPPORTED');
  });

  it('links an existing key by name or key identifier and pins the version it read', async () => {
    fake.addKey('issuer-signing', 'EC-HSM', { crv: 'P-256' });
    const linked = await backend.linkKey('issuer-signing');
    assert.equal(linked.type, 'secp256r1');
    assert.equal(linked.alg, 'ES256');
    assert.equal(linked.privateKeyEncrypted, null);
    assert.equal(linked.externalKeyId, `${fake.vaultUrl}/keys/issuer-signing/${fake.keys.get('issuer-signing')!.at(-1)!.version}`);
    await signAndVerify(backend, stored(linked.type, linked), 'ES256');

    const rsaId = fake.addKey('issuer-rsa', 'RSA', { size: 4096 });
    const rsa = await backend.linkKey(rsaId.replace(/\/[0-9a-f]+$/, ''));
    assert.equal(rsa.type, 'rsa4096');
    assert.equal(rsa.externalKeyId, rsaId);
    await signAndVerify(backend, stored(rsa.type, rsa), 'RS256');
  });

  it('keeps signing with the pinned version after the key is rotated in Key Vault', async () => {
    const firstId = fake.addKey('rotating', 'EC', { crv: 'P-256' });
    const key = stored('secp256r1', await backend.linkKey(firstId));
    const secondId = fake.rotateKey('rotating');
    assert.notEqual(secondId, firstId);
    await signAndVerify(backend, key, 'ES256');
    // Linking the name now pins the new version, whose public key differs.
    const relinked = await backend.linkKey('rotating');
    assert.equal(relinked.externalKeyId, secondId);
    assert.notEqual(relinked.publicJwk.kid, key.publicJwk.kid);
    await signAndVerify(backend, stored('secp256r1', relinked), 'ES256');
  });

  it('answers NOT_FOUND for an unknown key and BAD_REQUEST for malformed or foreign references', async () => {
    await assert.rejects(backend.linkKey('no-such-key'), (e: unknown) => e instanceof BusError && e.code === 'NOT_FOUND');
    await assert.rejects(backend.linkKey('not a key!'), (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST');
    await assert.rejects(
      backend.linkKey('https://other.vault.azure.net/keys/issuer-signing'),
      (e: unknown) => e instanceof BusError && e.code === 'BAD_REQUEST' && /configured vault/.test(e.message),
    );
  });

  it('answers UNAVAILABLE on a rejected client secret, without the secret in the error', async () => {
    const wrong = backendFor(fake, 'wrong-secret-never-logged');
    const error = await wrong.createKey(randomUUID(), 'secp256r1').then(
      () => assert.fail('expected a BusError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BusError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.match(error.message, /refused the credentials/);
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(JSON.stringify({ m: error.message, e: error.errors }), /never-logged|fake-secret/);
  });

  it('answers UNAVAILABLE when the vault is unreachable', async () => {
    const down = backendFor(fake, fake.clientSecret, 'https://127.0.0.1:1');
    await assert.rejects(
      down.linkKey('anything'),
      (e: unknown) => e instanceof BusError && e.code === 'UNAVAILABLE' && /unreachable/.test(e.message),
    );
  });
});
