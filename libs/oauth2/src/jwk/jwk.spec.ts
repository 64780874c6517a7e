import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculateJwkThumbprint as joseThumbprint } from 'jose';
import { newKey, sha256 } from '../test-support/crypto.helper';
import { calculateJwkThumbprint } from './jwk-thumbprint';
import { algMatchesKty, checkPublicJwk } from './public-jwk';

describe('calculateJwkThumbprint', () => {
  it('matches the RFC 7638 §3.1 example', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    assert.equal(await calculateJwkThumbprint(jwk, sha256), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('agrees with jose for EC and OKP keys and ignores non-key members', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { publicJwk } = await newKey(alg);
      const withExtras = { ...publicJwk, kid: 'k', use: 'sig' } as Record<string, unknown>;
      assert.equal(await calculateJwkThumbprint(withExtras, sha256), await joseThumbprint(publicJwk));
    }
  });

  it('refuses private and symmetric keys', async () => {
    const { privateJwk } = await newKey('ES256');
    await assert.rejects(calculateJwkThumbprint(privateJwk as Record<string, unknown>, sha256), TypeError);
    await assert.rejects(calculateJwkThumbprint({ kty: 'oct', k: 'AAAA' }, sha256), TypeError);
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
