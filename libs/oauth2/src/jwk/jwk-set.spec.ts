import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { publicKeysOf, selectVerificationKey } from './jwk-set';

const ec = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
const rsa = { kty: 'RSA', n: 'n', e: 'AQAB' };

describe('publicKeysOf', () => {
  it('keeps public signing keys and skips private, symmetric, encryption-only and malformed entries', () => {
    const keys = publicKeysOf({
      keys: [
        { ...ec, kid: 'a' },
        { ...ec, kid: 'b', d: 'secret' },
        { kty: 'oct', k: 'k' },
        { ...rsa, kid: 'c', use: 'enc' },
        'x',
        { ...rsa, kid: 'd', use: 'sig' },
      ],
    });
    assert.deepEqual(
      keys.map((k) => k['kid']),
      ['a', 'd'],
    );
    assert.deepEqual(publicKeysOf({}), []);
    assert.deepEqual(publicKeysOf(null), []);
  });
});

describe('selectVerificationKey', () => {
  const keys = [
    { ...ec, kid: 'ec-1', alg: 'ES256' },
    { ...rsa, kid: 'rsa-1' },
    { ...rsa, kid: 'rsa-2', alg: 'PS256' },
  ];

  it('finds the key by kid when it fits the alg', () => {
    assert.equal(selectVerificationKey(keys, { kid: 'rsa-1', alg: 'RS256' })?.['kid'], 'rsa-1');
    assert.equal(selectVerificationKey(keys, { kid: 'ec-1', alg: 'ES256' })?.['kid'], 'ec-1');
  });

  it('refuses a kid whose key is of another type or states another alg, and unknown kids', () => {
    assert.equal(selectVerificationKey(keys, { kid: 'ec-1', alg: 'RS256' }), undefined);
    assert.equal(selectVerificationKey(keys, { kid: 'rsa-2', alg: 'RS256' }), undefined);
    assert.equal(selectVerificationKey(keys, { kid: 'nope', alg: 'ES256' }), undefined);
  });

  it('without kid takes the only fitting key, and none when several fit', () => {
    assert.equal(selectVerificationKey(keys, { alg: 'ES256' })?.['kid'], 'ec-1');
    assert.equal(selectVerificationKey([...keys, { ...ec, kid: 'ec-2' }], { alg: 'ES256' }), undefined);
  });

  it('never selects for none or HMAC', () => {
    assert.equal(selectVerificationKey([{ kty: 'oct', k: 'k', kid: 'h' }], { kid: 'h', alg: 'HS256' }), undefined);
  });
});
