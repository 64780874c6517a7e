// Test-only: signs a JWS signing input through a backend and verifies the signature independently of it,
// with jose against the public key the backend returned (node:crypto for ES256K, which jose 6 lacks).
import assert from 'node:assert/strict';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { KmsBackend, StoredKey } from '../src/keys/kms-backend';

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const b64u = (value: string) => Buffer.from(value).toString('base64url');

export async function signAndVerify(backend: KmsBackend, key: StoredKey, alg: string, payload = '{"hello":"kms"}'): Promise<void> {
  const input = `${b64u(JSON.stringify({ alg, kid: key.publicJwk.kid }))}.${b64u(payload)}`;
  const signature = await backend.sign(key, alg, Buffer.from(input));
  if (alg === 'ES256K') {
    assert.equal(signature.length, 64);
    const publicKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(input), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    assert.ok(BigInt(`0x${signature.subarray(32).toString('hex')}`) <= SECP256K1_N / 2n, 'S must be low');
    return;
  }
  const verified = await compactVerify(`${input}.${signature.toString('base64url')}`, await importJWK(key.publicJwk as JWK, alg));
  assert.equal(Buffer.from(verified.payload).toString(), payload);
}
