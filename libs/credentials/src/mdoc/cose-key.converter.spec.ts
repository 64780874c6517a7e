import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CredentialError } from '../shared/credential-error';
import { coseKeyToJwk, jwkToCoseKey } from './cose-key.converter';

const publicJwk = (type: 'ec' | 'ed25519' | 'ed448', namedCurve = 'prime256v1') => {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve })
      : type === 'ed448'
        ? generateKeyPairSync('ed448')
        : generateKeyPairSync('ed25519');
  return pair.publicKey.export({ format: 'jwk' }) as Record<string, string>;
};
const isInvalidJwk = (e: unknown) => e instanceof CredentialError && e.code === 'INVALID_JWK';

describe('coseKeyToJwk', () => {
  it('is the inverse of jwkToCoseKey for every curve the issuer binds to', () => {
    for (const jwk of [publicJwk('ec', 'prime256v1'), publicJwk('ec', 'secp384r1'), publicJwk('ec', 'secp521r1'), publicJwk('ed25519')]) {
      assert.deepEqual(coseKeyToJwk(jwkToCoseKey(jwk)), jwk, jwk['crv']);
    }
  });

  it('reads Ed448 device keys (ISO 18013-5 allows them), which the issuer does not bind credentials to', () => {
    const jwk = publicJwk('ed448');
    const coseKey = new Map<number, unknown>([
      [1, 1],
      [-1, 7],
      [-2, Buffer.from(jwk['x']!, 'base64url')],
    ]);
    assert.deepEqual(coseKeyToJwk(coseKey), { kty: 'OKP', crv: 'Ed448', x: jwk['x'] });
    assert.throws(() => jwkToCoseKey(jwk), isInvalidJwk);
  });

  it('refuses unknown key types and curves, compressed or missing y, and coordinates of the wrong length', () => {
    const ec: Map<unknown, unknown> = jwkToCoseKey(publicJwk('ec', 'prime256v1'));
    const variants: [string, Map<unknown, unknown>][] = [
      ['secp256k1 (crv 8)', new Map([...ec, [-1, 8]])],
      ['kty OKP with an EC2 curve', new Map([...ec, [1, 1]])],
      ['RSA (kty 3)', new Map([...ec, [1, 3]])],
      ['compressed y (a sign bit)', new Map([...ec, [-3, true]])],
      ['no y', new Map([...ec].filter(([label]) => label !== -3))],
      ['a short x', new Map([...ec, [-2, new Uint8Array(31)]])],
    ];
    for (const [name, coseKey] of variants) assert.throws(() => coseKeyToJwk(coseKey), isInvalidJwk, name);
  });
});
