import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ALGS_BY_KEY_TYPE, BusError, DEFAULT_ALG, KEY_TYPES, type KeyType, type PublicJwk } from '@issuer/contracts';
import { generateKeyMaterial, importPrivateJwk, keyTypeOf, publicJwkOf, signBytes, toLowS } from './key-material';

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SIGNATURE_LENGTH: Partial<Record<string, number>> = { ES256: 64, ES256K: 64, ES384: 96, EdDSA: 64, Ed25519: 64 };
const RSA_BITS: Partial<Record<KeyType, number>> = { rsa: 2048, rsa3072: 3072, rsa4096: 4096 };

const b64u = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A compact JWS whose signature comes from signBytes (the kms signing path). */
function signJws(privateKey: KeyObject, alg: string, kid: string, payload: object): string {
  const input = `${b64u(JSON.stringify({ alg, kid, typ: 'JWT' }))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${signBytes(privateKey, alg, Buffer.from(input, 'ascii')).toString('base64url')}`;
}

/** Verifies an ES256K signature (r‖s) with node:crypto against the public JWK only. */
function verifyEs256k(publicJwk: PublicJwk, data: Buffer, signature: Buffer): boolean {
  const key = createPublicKey({ key: publicJwk as JWK as never, format: 'jwk' });
  return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

function isBusError(code: BusError['code'], path?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof BusError, `expected a BusError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (path)
      assert.ok(
        error.errors?.some((e) => e.path === path),
        JSON.stringify(error.errors),
      );
    return true;
  };
}

function publicPart(jwk: PublicJwk): JWK {
  const { kid: _kid, alg: _alg, ...rest } = jwk;
  return rest as JWK;
}

describe('key material, per key type', () => {
  for (const type of KEY_TYPES) {
    describe(type, () => {
      let privateKey: KeyObject;
      let publicJwk: PublicJwk;

      it('generates a key of that type', async () => {
        privateKey = await generateKeyMaterial(type);
        assert.equal(privateKey.type, 'private');
        assert.equal(keyTypeOf(privateKey), type);
        if (RSA_BITS[type]) assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, RSA_BITS[type]);
      });

      it('exposes a public JWK without private members, with alg and an RFC 7638 kid', async () => {
        const alg = DEFAULT_ALG[type];
        publicJwk = await publicJwkOf(privateKey, alg);
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(publicJwk[member], undefined, member);
        assert.equal(publicJwk.alg, alg);
        assert.equal(publicJwk.kid, await calculateJwkThumbprint(publicPart(publicJwk), 'sha256'));
        assert.match(publicJwk.kid, /^[A-Za-z0-9_-]{43}$/);
        assert.equal((await publicJwkOf(privateKey, alg, 'given-kid')).kid, 'given-kid');
      });

      for (const alg of ALGS_BY_KEY_TYPE[type]) {
        if (alg === 'ES256K') {
          it('signs ES256K as 64-byte r‖s with low S, verifiable with node:crypto against the public JWK', () => {
            const halfN = SECP256K1_N / 2n;
            for (let i = 0; i < 24; i++) {
              const data = Buffer.from(`message ${i}`);
              const signature = signBytes(privateKey, alg, data);
              assert.equal(signature.length, 64);
              assert.ok(verifyEs256k(publicJwk, data, signature), `signature ${i} verifies`);
              assert.ok(!verifyEs256k(publicJwk, Buffer.from(`message ${i}!`), signature), 'other data fails');
              const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
              assert.ok(s > 0n && s <= halfN, `signature ${i} has high S`);
            }
          });
        } else {
          it(`signs ${alg} so that jose verifies the JWS with the public JWK`, async () => {
            const jws = signJws(privateKey, alg, publicJwk.kid, { sub: type, alg });
            const key = await importJWK(publicPart(publicJwk), alg);
            const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: [alg] });
            assert.deepEqual(JSON.parse(Buffer.from(payload).toString()), { sub: type, alg });
            assert.equal(protectedHeader.kid, publicJwk.kid);
            const signature = Buffer.from(jws.split('.')[2], 'base64url');
            if (SIGNATURE_LENGTH[alg]) assert.equal(signature.length, SIGNATURE_LENGTH[alg]);
            if (RSA_BITS[type]) assert.equal(signature.length, RSA_BITS[type]! / 8);
            const [h, , s] = jws.split('.');
            await assert.rejects(compactVerify(`${h}.${b64u('{"sub":"forged"}')}.${s}`, key), 'a changed payload fails');
          });
        }
      }
    });
  }
});

describe('signBytes', () => {
  it('refuses an unknown algorithm with UNSUPPORTED', async () => {
    const key = await generateKeyMaterial('secp256r1');
    assert.throws(() => signBytes(key, 'HS256', Buffer.from('x')), isBusError('UNSUPPORTED'));
    assert.throws(() => signBytes(key, 'none', Buffer.from('x')), isBusError('UNSUPPORTED'));
  });

  it('toLowS turns a high-S secp256k1 signature into its valid low-S twin and leaves low-S ones alone', async () => {
    const key = await generateKeyMaterial('secp256k1');
    const publicJwk = await publicJwkOf(key, 'ES256K');
    const data = Buffer.from('malleable');
    const low = signBytes(key, 'ES256K', data);
    const s = BigInt(`0x${low.subarray(32).toString('hex')}`);
    const high = Buffer.concat([low.subarray(0, 32), Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex')]);
    assert.ok(verifyEs256k(publicJwk, data, high), 'OpenSSL accepts the high-S twin');
    assert.deepEqual(toLowS(high), low);
    assert.deepEqual(toLowS(low), low);
  });
});

describe('importPrivateJwk', () => {
  const joseAlgs: [alg: string, type: KeyType, options?: object][] = [
    ['ES256', 'secp256r1'],
    ['ES384', 'secp384r1'],
    ['EdDSA', 'ed25519', { crv: 'Ed25519' }],
    ['RS256', 'rsa'],
    ['PS256', 'rsa3072', { modulusLength: 3072 }],
  ];
  for (const [alg, type, options] of joseAlgs) {
    it(`imports a jose-generated ${alg} private JWK as ${type} and signs verifiably`, async () => {
      const pair = await generateKeyPair(alg, { extractable: true, ...(options ?? {}) });
      const jwk = await exportJWK(pair.privateKey);
      const imported = importPrivateJwk(jwk as Record<string, unknown>);
      assert.equal(imported.type, type);
      const publicJwk = await publicJwkOf(imported.privateKey, alg);
      assert.equal(publicJwk.kid, await calculateJwkThumbprint(await exportJWK(pair.publicKey), 'sha256'));
      const jws = signJws(imported.privateKey, alg, publicJwk.kid, { imported: true });
      await compactVerify(jws, pair.publicKey);
    });
  }

  it('imports a secp256k1 private JWK', async () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ format: 'jwk' });
    const imported = importPrivateJwk(jwk as Record<string, unknown>);
    assert.equal(imported.type, 'secp256k1');
    const publicJwk = await publicJwkOf(imported.privateKey, 'ES256K');
    assert.equal(publicJwk.x, jwk.x);
    const data = Buffer.from('k1');
    assert.ok(verifyEs256k(publicJwk, data, signBytes(imported.privateKey, 'ES256K', data)));
  });

  it('refuses a public-only JWK with BAD_REQUEST naming jwk.d', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    assert.throws(() => importPrivateJwk(publicJwk as Record<string, unknown>), isBusError('BAD_REQUEST', 'jwk.d'));
  });

  it('refuses a malformed private JWK with BAD_REQUEST', () => {
    assert.throws(() => importPrivateJwk({ kty: 'EC', crv: 'P-256', d: 'AAAA', x: 'AA', y: 'AA' }), isBusError('BAD_REQUEST'));
    assert.throws(() => importPrivateJwk({ kty: 'nope', d: 'abc' }), isBusError('BAD_REQUEST'));
    assert.throws(() => importPrivateJwk({ kty: 'oct', k: 'c2VjcmV0', d: 'x' }), isBusError('BAD_REQUEST'));
  });

  it('refuses key types kms does not support (RSA-1024, P-521, X25519, Ed448) with BAD_REQUEST', () => {
    const unsupported = [
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey,
      generateKeyPairSync('x25519').privateKey,
      generateKeyPairSync('ed448').privateKey,
    ];
    for (const key of unsupported) {
      const jwk = key.export({ format: 'jwk' }) as Record<string, unknown>;
      assert.throws(() => importPrivateJwk(jwk), isBusError('BAD_REQUEST', 'jwk.kty'), `${key.asymmetricKeyType}`);
    }
  });

  it('refuses a JWK whose public part belongs to another key (it would publish a key that does not verify)', () => {
    for (const namedCurve of ['prime256v1', 'secp384r1', 'secp256k1']) {
      const a = generateKeyPairSync('ec', { namedCurve }).privateKey.export({ format: 'jwk' });
      const b = generateKeyPairSync('ec', { namedCurve }).privateKey.export({ format: 'jwk' });
      assert.throws(() => importPrivateJwk({ ...a, d: b.d }), isBusError('BAD_REQUEST', 'jwk'), namedCurve);
    }
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    assert.throws(() => importPrivateJwk({ ...b, n: a.n }), isBusError('BAD_REQUEST', 'jwk'), 'RSA private members of another modulus');
  });

  it('round-trips: a generated key exported as a private JWK imports to the same public key', async () => {
    for (const type of ['ed25519', 'secp256r1', 'secp384r1', 'secp256k1', 'rsa'] as const) {
      const key = await generateKeyMaterial(type);
      const imported = importPrivateJwk(key.export({ format: 'jwk' }) as Record<string, unknown>);
      assert.equal(imported.type, type);
      assert.deepEqual(await publicJwkOf(imported.privateKey, DEFAULT_ALG[type]), await publicJwkOf(key, DEFAULT_ALG[type]));
      assert.ok(createPrivateKey({ key: imported.privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' }));
    }
  });
});
