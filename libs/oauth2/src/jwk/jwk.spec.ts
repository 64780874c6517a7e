import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { newKey } from '../test-support/crypto.helper';
import { algMatchesKty, canonicalPublicJwk, checkPublicJwk } from './public-jwk';

describe('canonicalPublicJwk', () => {
  it('keeps the RFC 7638 members in lexicographic order, so jose hashes it to the RFC 7638 §3.1 thumbprint', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    const canonical = canonicalPublicJwk(jwk);
    assert.deepEqual(Object.keys(canonical), ['e', 'kty', 'n']);
    const digest = createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
    assert.equal(digest, 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    assert.equal(await calculateJwkThumbprint(jwk), digest);
  });

  it('drops kid, alg, use and key_ops and ignores member order for EC and OKP keys', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { publicJwk } = await newKey(alg);
      const reordered = Object.fromEntries(Object.entries({ ...publicJwk, kid: 'k', use: 'sig', key_ops: ['verify'] }).reverse());
      assert.equal(JSON.stringify(canonicalPublicJwk(reordered)), JSON.stringify(canonicalPublicJwk(publicJwk)));
      assert.deepEqual(Object.keys(canonicalPublicJwk(reordered)), alg === 'ES256' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x']);
    }
  });

  it('refuses private and symmetric keys', async () => {
    const { privateJwk } = await newKey('ES256');
    assert.throws(() => canonicalPublicJwk(privateJwk), TypeError);
    assert.throws(() => canonicalPublicJwk({ kty: 'oct', k: 'AAAA' }), TypeError);
    assert.throws(() => canonicalPublicJwk({ kty: 'toString' }), TypeError);
  });
});

describe('checkPublicJwk', () => {
  it('accepts public EC, OKP and RSA keys', async () => {
    for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) assert.ok(checkPublicJwk((await newKey(alg)).publicJwk).ok);
  });

  it('refuses every private member, oct keys, missing members and non-objects', async () => {
    const { publicJwk } = await newKey('ES256');
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
      const result = checkPublicJwk({ ...publicJwk, [member]: 'AAAA' });
      assert.equal(result.ok, false, member);
    }
    assert.equal(checkPublicJwk({ kty: 'oct', k: 'AAAA' }).ok, false);
    assert.equal(checkPublicJwk({ kty: 'EC', crv: 'P-256', x: 'AA' }).ok, false);
    assert.equal(checkPublicJwk([publicJwk]).ok, false);
    assert.equal(checkPublicJwk('jwk').ok, false);
  });

  it('pairs algorithms with key types', () => {
    assert.ok(algMatchesKty('ES256', 'EC'));
    assert.ok(algMatchesKty('EdDSA', 'OKP'));
    assert.ok(algMatchesKty('PS256', 'RSA'));
    assert.equal(algMatchesKty('ES256', 'RSA'), false);
    assert.equal(algMatchesKty('HS256', 'oct'), false);
  });
});
