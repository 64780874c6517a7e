import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CredentialError } from '../shared/credential-error';
import { jwkToCoseKey } from './cose-key.converter';
import { checkMdocSigningKey, coseAlgorithmOf, mdocSigningAlgorithmForKeyType } from './mdoc-algorithms';

describe('mdoc algorithms', () => {
  it('maps kms key types to ES256/ES384/EdDSA and COSE ids -7/-35/-8; refuses RSA and secp256k1', () => {
    assert.equal(mdocSigningAlgorithmForKeyType('secp256r1'), 'ES256');
    assert.equal(mdocSigningAlgorithmForKeyType('secp384r1'), 'ES384');
    assert.equal(mdocSigningAlgorithmForKeyType('ed25519'), 'EdDSA');
    assert.deepEqual(
      ['ES256', 'ES384', 'EdDSA'].map((a) => coseAlgorithmOf(a as never)),
      [-7, -35, -8],
    );
    for (const type of ['secp256k1', 'rsa', 'rsa3072', 'rsa4096']) {
      const check = checkMdocSigningKey(type);
      assert.equal(check.allowed, false);
      assert.match(!check.allowed ? check.message : '', new RegExp(type));
    }
  });

  it('checks credential_signing_alg_values_supported (polymorphic and fully specified COSE ids)', () => {
    assert.deepEqual(checkMdocSigningKey('secp256r1', [-7, -9]), { allowed: true, algorithm: 'ES256', coseAlgorithm: -7 });
    assert.equal(checkMdocSigningKey('secp256r1', [-9]).allowed, true);
    assert.equal(checkMdocSigningKey('ed25519', [-19]).allowed, true);
    assert.equal(checkMdocSigningKey('secp384r1', [-51]).allowed, true);
    const refused = checkMdocSigningKey('secp384r1', [-7, -9]);
    assert.equal(refused.allowed, false);
    assert.match(!refused.allowed ? refused.message : '', /-35 or -51 \(ES384\)/);
    assert.equal(checkMdocSigningKey('ed25519', ['EdDSA']).allowed, false, 'mdoc metadata uses numeric COSE ids');
    assert.equal(checkMdocSigningKey('secp256r1').allowed, true);
  });
});

describe('jwkToCoseKey', () => {
  it('writes EC2 and OKP keys with integer labels and never copies the private part', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const key = jwkToCoseKey(ec);
    assert.deepEqual([...key.keys()], [1, -1, -2, -3]);
    assert.equal(key.get(1), 2);
    assert.equal(key.get(-1), 2);
    assert.equal(Buffer.from(key.get(-3) as Uint8Array).toString('base64url'), ec['y']);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const okp = jwkToCoseKey(ed);
    assert.deepEqual([...okp.keys()], [1, -1, -2]);
    assert.deepEqual([okp.get(1), okp.get(-1)], [1, 6]);
  });

  it('refuses keys a wallet cannot use for mdoc device authentication', () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    assert.throws(
      () => jwkToCoseKey(k1),
      (e: unknown) => e instanceof CredentialError && e.code === 'INVALID_JWK',
    );
  });
});
