import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ECDH, generateKeyPairSync } from 'node:crypto';
import { bytesToMultibase } from 'did-jwt';
import { didJwkOf, didKeyOf, newKey } from '../test-support/holder.helper';
import { isDid, localDidKey, splitDidUrl } from './did-local';

/** did:key of any EC curve through node:crypto's point compression and did-jwt's multicodec table. */
function ecDidKey(curve: 'secp256k1' | 'secp384r1', codec: 'secp256k1-pub' | number) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = publicKey.export({ format: 'jwk' });
  const uncompressed = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  const compressed = ECDH.convertKey(uncompressed, curve, undefined, undefined, 'compressed') as Buffer;
  return { jwk, did: `did:key:${bytesToMultibase(compressed, 'base58btc', codec)}` };
}

describe('localDidKey', () => {
  it('decodes did:jwk and its #0 DID URL, and refuses other fragments', async () => {
    const key = await newKey();
    const did = didJwkOf(key.publicJwk);
    assert.deepEqual(localDidKey(did), key.publicJwk);
    assert.deepEqual(localDidKey(`${did}#0`), key.publicJwk);
    assert.equal(localDidKey(`${did}#1`), undefined);
  });

  it('drops a private member smuggled into a did:jwk, i.e. refuses the key', async () => {
    const key = await newKey();
    assert.equal(localDidKey(didJwkOf(key.privateJwk)), undefined);
  });

  it('decodes did:key P-256 (compressed point) and Ed25519 to the same public JWK', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const key = await newKey(alg);
      const did = didKeyOf(key.publicJwk);
      const id = did.slice('did:key:'.length);
      assert.deepEqual(localDidKey(did), key.publicJwk, alg);
      assert.deepEqual(localDidKey(`${did}#${id}`), key.publicJwk, alg);
      assert.equal(localDidKey(`${did}#other`), undefined);
    }
  });

  it('decodes did:key secp256k1 and P-384 points', () => {
    for (const [curve, codec, crv] of [
      ['secp256k1', 'secp256k1-pub', 'secp256k1'],
      ['secp384r1', 0x1201 /* p384-pub, not in did-jwt's table */, 'P-384'],
    ] as const) {
      const { jwk, did } = ecDidKey(curve, codec);
      assert.deepEqual(localDidKey(did), { kty: 'EC', crv, x: jwk.x, y: jwk.y });
    }
  });

  it('decodes a jwk_jcs-pub did:key (EBSI natural persons) and refuses one carrying a private key', async () => {
    const key = await newKey();
    const { crv, kty, x, y } = key.publicJwk;
    const jcs = (jwk: object) => `did:key:${bytesToMultibase(Buffer.from(JSON.stringify(jwk)), 'base58btc', 0xeb51)}`;
    assert.deepEqual(localDidKey(jcs({ crv, kty, x, y })), { crv, kty, x, y });
    assert.equal(localDidKey(jcs(key.privateJwk)), undefined);
  });

  it('refuses unknown multicodecs, bad base58 and x coordinates off the curve', () => {
    assert.equal(localDidKey(`did:key:${bytesToMultibase(new Uint8Array(32), 'base58btc', 'x25519-pub')}`), undefined);
    assert.equal(localDidKey('did:key:z0OIl'), undefined);
    // x = p - 1 is not the x of a P-256 point with this parity
    const offCurve = Buffer.concat([Buffer.from([2]), Buffer.alloc(32, 0xff)]);
    assert.equal(localDidKey(`did:key:${bytesToMultibase(offCurve, 'base58btc', 'p256-pub')}`), undefined);
    assert.equal(localDidKey('did:web:example.com'), undefined);
  });

  it('splits DID URLs and recognises DIDs', () => {
    assert.deepEqual(splitDidUrl('did:web:example.com#key-1'), { did: 'did:web:example.com', fragment: 'key-1' });
    assert.deepEqual(splitDidUrl('did:web:example.com'), { did: 'did:web:example.com' });
    assert.ok(isDid('did:web:example.com%3A8443:user'));
    assert.ok(!isDid('https://example.com'));
  });
});
