import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalPublicJwk } from '@issuer/oauth2';
import { didKeyOf, jwkToMultibase, multibaseToJwk, parseDidKey } from './did-key.codec';
import { base58btcDecode, base58btcEncode } from '@issuer/oid4vci';
import { DidResolutionFailure } from './did-resolution.error';
import type { Jwk } from './public-jwk';

/** Test vectors of the W3C CCG did:key spec (v0.7, "Test Vectors" JWK / Multikey sections). */
const VECTORS: { did: string; jwk: Jwk }[] = [
  {
    did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    jwk: { kty: 'OKP', crv: 'Ed25519', x: 'Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY' },
  },
  {
    did: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    jwk: { kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU' },
  },
  {
    did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
    jwk: {
      kty: 'EC',
      crv: 'secp256k1',
      x: 'h0wVx_2iDlOcblulc8E5iEw1EYh5n1RYtLQfeSTyNc0',
      y: 'O2EATIGbu6DezKFptj5scAIRntgfecanVNXxat1rnwE',
    },
  },
  {
    did: 'did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9',
    jwk: {
      kty: 'EC',
      crv: 'P-384',
      x: 'lInTxl8fjLKp_UCrxI0WDklahi-7-_6JbtiHjiRvMvhedhKVdHBfi2HCY8t_QJyc',
      y: 'y6N1IC-2mXxHreETBW7K3mBcw0qGr3CWHCs-yl09yCQRLcyfGv7XhqAngHOu51Zv',
    },
  },
];

function publicJwk(type: 'ed25519' | 'ec' | 'rsa', namedCurve?: string): Jwk {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: namedCurve! });
  return pair.publicKey.export({ format: 'jwk' }) as Jwk;
}

describe('did:key codec', () => {
  for (const vector of VECTORS) {
    it(`matches the spec vector ${vector.did.slice(0, 20)}…`, () => {
      assert.equal(didKeyOf(vector.jwk), vector.did);
      assert.deepEqual(multibaseToJwk(parseDidKey(vector.did)), canonicalPublicJwk(vector.jwk));
    });
  }

  it('uses the multicodec prefixes of the spec (z6Mk Ed25519, zDn P-256, zQ3s secp256k1, z82 P-384, z4MX RSA-2048)', () => {
    assert.match(didKeyOf(publicJwk('ed25519')), /^did:key:z6Mk/);
    assert.match(didKeyOf(publicJwk('ec', 'P-256')), /^did:key:zDn/);
    assert.match(didKeyOf(publicJwk('ec', 'secp256k1')), /^did:key:zQ3s/);
    assert.match(didKeyOf(publicJwk('ec', 'P-384')), /^did:key:z82/);
    assert.match(didKeyOf(publicJwk('rsa')), /^did:key:z4MX/);
  });

  it('round-trips generated keys of every kms key type (compressed EC points are decompressed)', () => {
    const keys = [
      publicJwk('ed25519'),
      publicJwk('ec', 'P-256'),
      publicJwk('ec', 'secp256k1'),
      publicJwk('ec', 'P-384'),
      publicJwk('rsa'),
      ...Array.from({ length: 8 }, () => publicJwk('ec', 'P-256')),
    ];
    for (const jwk of keys) {
      const multibase = jwkToMultibase({ ...jwk, kid: 'ignored', alg: 'ES256' });
      assert.deepEqual(multibaseToJwk(multibase), canonicalPublicJwk(jwk));
    }
  });

  it('refuses malformed DIDs with the DID Resolution error codes', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
        return 'none';
      } catch (error) {
        assert.ok(error instanceof DidResolutionFailure);
        return error.error;
      }
    };
    assert.equal(
      code(() => parseDidKey('did:key:abc')),
      'invalidDid',
    );
    assert.equal(
      code(() => parseDidKey('did:key:z6Mk#frag')),
      'invalidDid',
    );
    assert.equal(
      code(() => multibaseToJwk(`z${base58btcEncode(Buffer.from([0x12, 0x00, 1, 2, 3]))}`)),
      'invalidPublicKeyType',
    );
    assert.equal(
      code(() => multibaseToJwk(`z${base58btcEncode(Buffer.from([0xed, 0x01, 1, 2, 3]))}`)),
      'invalidPublicKeyLength',
    );
    const offCurve = Buffer.concat([Buffer.from([0x80, 0x24, 0x02]), Buffer.alloc(32, 0xff)]);
    assert.equal(
      code(() => multibaseToJwk(`z${base58btcEncode(offCurve)}`)),
      'invalidDid',
    );
  });

  it('reads every key type the proof checks read with their decoder (jwk_jcs-pub included), RSA with its own', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = canonicalPublicJwk(publicKey.export({ format: 'jwk' }) as Jwk);
    // jwk_jcs-pub (multicodec 0xeb51, the did:key of EBSI natural persons): the JWK's JSON itself.
    const jcs = `z${base58btcEncode(Buffer.concat([Buffer.from([0xd1, 0xd6, 0x03]), Buffer.from(JSON.stringify(jwk))]))}`;
    assert.deepEqual(multibaseToJwk(jcs), jwk);
    const rsa = canonicalPublicJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk);
    assert.deepEqual(multibaseToJwk(jwkToMultibase(rsa)), rsa);
  });

  it('base58btc keeps leading zero bytes and refuses foreign characters', () => {
    const bytes = Buffer.from([0, 0, 1, 2, 255]);
    assert.deepEqual(Buffer.from(base58btcDecode(base58btcEncode(bytes))!), bytes);
    assert.equal(base58btcEncode(Buffer.from([0, 0])), '11');
    assert.equal(base58btcDecode('0OIl'), undefined);
  });
});
