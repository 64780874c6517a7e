import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { KeyType } from '@issuer/contracts';
import { LocalKeyBackend } from './local-key-backend';
import { MasterKeyCipher } from './master-key-cipher';
import type { StoredKey } from './kms-backend';

const b64u = (value: string) => Buffer.from(value).toString('base64url');

function stored(keyId: string, type: KeyType, material: Omit<StoredKey, 'keyId' | 'name' | 'type' | 'backend' | 'createdAt'>): StoredKey {
  return { keyId, name: null, type, backend: 'local', createdAt: new Date(), ...material };
}

async function jws(backend: LocalKeyBackend, key: StoredKey, alg: string): Promise<string> {
  const input = `${b64u(JSON.stringify({ alg, kid: key.publicJwk.kid }))}.${b64u('{"hello":"world"}')}`;
  return `${input}.${(await backend.sign(key, alg, Buffer.from(input))).toString('base64url')}`;
}

describe('LocalKeyBackend', () => {
  const master = randomBytes(32);
  const backend = new LocalKeyBackend(new MasterKeyCipher(master));

  it('stores a created key only encrypted under the master key with the key id as AAD', async () => {
    const keyId = randomUUID();
    const material = await backend.createKey(keyId, 'secp256r1');
    assert.equal(material.alg, 'ES256');
    assert.equal(material.externalKeyId, null);
    assert.ok(material.privateKeyEncrypted);
    const pkcs8 = new MasterKeyCipher(master).decrypt(material.privateKeyEncrypted, keyId);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(material.privateKeyEncrypted.indexOf(pkcs8), -1);
    assert.throws(() => new MasterKeyCipher(master).decrypt(material.privateKeyEncrypted!, randomUUID()));
  });

  it('signs with a stored key so that jose verifies against its public JWK', async () => {
    const keyId = randomUUID();
    const key = stored(keyId, 'ed25519', await backend.createKey(keyId, 'ed25519'));
    const token = await jws(backend, key, 'EdDSA');
    await compactVerify(token, await importJWK(key.publicJwk as JWK, 'EdDSA'));
    assert.deepEqual(await backend.getPublicKey(key), key.publicJwk);
  });

  it('signs after a restart (new backend instance, no cache) from the encrypted blob alone', async () => {
    const keyId = randomUUID();
    const key = stored(keyId, 'rsa', await backend.createKey(keyId, 'rsa'));
    const fresh = new LocalKeyBackend(new MasterKeyCipher(master));
    await compactVerify(await jws(fresh, key, 'PS256'), await importJWK(key.publicJwk as JWK, 'PS256'));
    const wrongMaster = new LocalKeyBackend(new MasterKeyCipher(randomBytes(32)));
    await assert.rejects(wrongMaster.sign(key, 'RS256', Buffer.from('x')));
  });

  it('keeps the kid of an imported JWK', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(pair.privateKey)), kid: 'issuer-key-2025' };
    const keyId = randomUUID();
    const imported = await backend.importKey(keyId, jwk);
    assert.equal(imported.type, 'secp256r1');
    assert.equal(imported.publicJwk.kid, 'issuer-key-2025');
    assert.equal(imported.publicJwk.d, undefined);
    const key = stored(keyId, imported.type, imported);
    const { protectedHeader } = await compactVerify(await jws(backend, key, 'ES256'), pair.publicKey);
    assert.equal(protectedHeader.kid, 'issuer-key-2025');
  });

  it('uses the RFC 7638 thumbprint as kid when the imported JWK has none (or an empty one)', async () => {
    const pair = await generateKeyPair('ES384', { extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    const thumbprint = await calculateJwkThumbprint(await exportJWK(pair.publicKey), 'sha256');
    assert.equal((await backend.importKey(randomUUID(), privateJwk)).publicJwk.kid, thumbprint);
    assert.equal((await backend.importKey(randomUUID(), { ...privateJwk, kid: '' })).publicJwk.kid, thumbprint);
  });

  it('forgets a cached key on evict (a deleted key cannot sign from the cache)', async () => {
    const keyId = randomUUID();
    const material = await backend.createKey(keyId, 'secp256r1');
    const key = stored(keyId, 'secp256r1', material);
    await backend.sign(key, 'ES256', Buffer.from('warm the cache'));
    backend.evict(keyId);
    await assert.rejects(backend.sign({ ...key, privateKeyEncrypted: null }, 'ES256', Buffer.from('x')), /no local private part/);
  });
});
