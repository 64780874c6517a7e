import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64UrlDecode, base64UrlDecodeJson, base64UrlDecodeJsonObject } from './base64url';
import { decodeCompactJws, DEFAULT_MAX_JWS_LENGTH, isAsymmetricAlg } from './compact-jws';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jws = (payload: Record<string, unknown>) => `${part({ alg: 'ES256' })}.${part(payload)}.${Buffer.alloc(64, 1).toString('base64url')}`;

describe('base64url', () => {
  it('decodes canonical unpadded base64url only', () => {
    assert.deepEqual(base64UrlDecode('AQI'), new Uint8Array([1, 2]));
    for (const text of ['AQI=', 'AQ+/', 'A', 'AQJ' /* non-zero pad bits: not the canonical form of [1, 2] */]) {
      assert.equal(base64UrlDecode(text), undefined, text);
    }
  });

  it('decodes JSON of any type, and objects only where asked', () => {
    assert.deepEqual(base64UrlDecodeJson(part(['salt', 'name', 1])), ['salt', 'name', 1]);
    assert.equal(base64UrlDecodeJson(Buffer.from('{"a":').toString('base64url')), undefined);
    assert.equal(base64UrlDecodeJson(Buffer.from([0xff, 0x22]).toString('base64url')), undefined, 'not UTF-8');
    assert.equal(base64UrlDecodeJsonObject(part(['a'])), undefined);
    assert.deepEqual(base64UrlDecodeJsonObject(part({ a: 1 })), { a: 1 });
  });
});

describe('decodeCompactJws', () => {
  it('returns header, payload, signature and the signing input as received', () => {
    const token = jws({ sub: 'x' });
    const decoded = decodeCompactJws(token);
    assert.deepEqual(decoded?.header, { alg: 'ES256' });
    assert.deepEqual(decoded?.payload, { sub: 'x' });
    assert.equal(decoded?.signature.length, 64);
    assert.equal(decoded?.signingInput, token.slice(0, token.lastIndexOf('.')));
  });

  it('refuses other shapes: not three parts, array payload, empty signature', () => {
    const [header, payload] = jws({}).split('.') as [string, string];
    for (const token of [undefined, '', `${header}.${payload}`, `${header}.${part([1])}.AQI`, `${header}.${payload}.`]) {
      assert.equal(decodeCompactJws(token), undefined, String(token));
    }
  });

  it('refuses JWSs longer than 16 KiB unless the caller allows more', () => {
    const big = jws({ filler: 'x'.repeat(DEFAULT_MAX_JWS_LENGTH) });
    assert.equal(decodeCompactJws(big), undefined);
    assert.deepEqual(decodeCompactJws(big, { maxLength: 64 * 1024 })?.payload, { filler: 'x'.repeat(DEFAULT_MAX_JWS_LENGTH) });
    assert.equal(decodeCompactJws(jws({}), { maxLength: 10 }), undefined);
  });

  it('knows the asymmetric JWS algorithms and nothing else', () => {
    for (const alg of ['ES256', 'ES256K', 'EdDSA', 'Ed25519', 'Ed448', 'PS512']) assert.ok(isAsymmetricAlg(alg), alg);
    for (const alg of ['none', 'HS256', 'es256', undefined]) assert.equal(isAsymmetricAlg(alg), false, String(alg));
  });
});
