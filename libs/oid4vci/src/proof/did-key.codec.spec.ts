import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { base58btcDecode } from '../encoding/base58btc.util';
import { multibaseKeyToJwk, resolveDidKey } from './did-key.codec';

// Test vectors of the did:key method (w3c-ccg/did-method-key, test-vectors/*.json).
const VECTORS: { did: string; jwk: Record<string, string> }[] = [
  {
    // ed25519-x25519.json, seed 00…00: publicKeyBase58 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS
    did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    jwk: { kty: 'OKP', crv: 'Ed25519', x: 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik' },
  },
  {
    // ed25519-x25519.json, seed 00…01: publicKeyBase58 6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt
    did: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
    jwk: { kty: 'OKP', crv: 'Ed25519', x: 'TLWr9q15-_WrvMr8wmnYXNJlHtS4hbWGnyQa7fCluik' },
  },
  {
    did: 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv',
    jwk: { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM' },
  },
  {
    did: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    jwk: { kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU' },
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

// secp256k1.json: the vectors give the compressed point (publicKeyBase58); node:crypto decompresses it independently.
const SECP256K1 = [
  { did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', point: '23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv' },
  { did: 'did:key:zQ3shtxV1FrJfhqE1dvxYRcCknWNjHc3c5X1y3ZSoPDi2aur2', point: '291KzQhqCPC18PqH83XKhxv1HdqrdnxyS7dh15t2uNRzJ' },
  { did: 'did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N', point: 'oesQ92MLiAkt2pjBcJFbW7H4DvzKJv22cotjYbmC2JEe' },
];

/** The multicodec jwk_jcs-pub (0xeb51) as an unsigned varint. */
const JWK_JCS_PUB = Buffer.from([0xd1, 0xd6, 0x03]);

const SECP256K1_SPKI_PREFIX = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex');

describe('did:key decoding', () => {
  for (const { did, jwk } of VECTORS) {
    it(`resolves the ${jwk['crv']} test vector ${did.slice(0, 20)}…`, () => {
      assert.deepEqual(resolveDidKey(did), { ok: true, did, jwk });
      const multibase = did.slice('did:key:'.length);
      assert.deepEqual(resolveDidKey(`${did}#${multibase}`), { ok: true, did, jwk }, 'the DID URL of its verification method');
    });
  }

  for (const { did, point } of SECP256K1) {
    it(`decompresses the secp256k1 test vector ${did.slice(0, 20)}… like node:crypto`, () => {
      const spki = Buffer.concat([SECP256K1_SPKI_PREFIX, Buffer.from(base58btcDecode(point)!)]);
      const expected = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
      assert.deepEqual(resolveDidKey(did), { ok: true, did, jwk: expected });
    });
  }

  it('round-trips fresh P-256, P-384 and secp256k1 keys through their compressed multibase form', () => {
    const prefixes: Record<string, number[]> = { 'P-256': [0x80, 0x24], 'P-384': [0x81, 0x24], secp256k1: [0xe7, 0x01] };
    const curves: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', secp256k1: 'secp256k1' };
    for (const crv of Object.keys(prefixes)) {
      for (let i = 0; i < 5; i++) {
        const { publicKey } = generateKeyPairSync('ec', { namedCurve: curves[crv]! });
        const jwk = publicKey.export({ format: 'jwk' });
        const compressed = publicKey.export({ format: 'der', type: 'spki' }); // uncompressed point at the end
        const raw = compressed.subarray(compressed.length - (crv === 'P-384' ? 97 : 65));
        const x = raw.subarray(1, 1 + (raw.length - 1) / 2);
        const y = raw.subarray(1 + x.length);
        const point = Buffer.concat([Buffer.from([2 + (y[y.length - 1]! & 1)]), x]);
        const multibase = `z${base58Encode(Buffer.concat([Buffer.from(prefixes[crv]!), point]))}`;
        assert.deepEqual(multibaseKeyToJwk(multibase), { ok: true, jwk }, crv);
      }
    }
  });

  const refused: [string, string, RegExp][] = [
    ['another method', 'did:jwk:eyJ9', /did:key:z/],
    ['a non-base58btc multibase', 'did:key:mAAAA', /did:key:z/],
    ['a foreign fragment', `${VECTORS[0]!.did}#key-1`, /fragment/],
    ['an unknown multicodec (x25519-pub)', 'did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW', /not supported/],
    ['an RSA key', `did:key:z${base58Encode(Buffer.from([0x85, 0x24, 0x30, 0x82, 0x01, 0x0a]))}`, /not supported/],
    [
      'a truncated P-256 point',
      `did:key:z${base58Encode(Buffer.from([0x80, 0x24, 0x02, ...new Array<number>(31).fill(7)]))}`,
      /compressed point/,
    ],
  ];
  for (const [name, did, description] of refused) {
    it(`refuses ${name}`, () => {
      const result = resolveDidKey(did);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.description, description);
    });
  }

  it('refuses an uncompressed P-256 point (did:key carries EC keys compressed)', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const uncompressed = spki.subarray(spki.length - 65);
    const result = multibaseKeyToJwk(`z${base58Encode(Buffer.concat([Buffer.from([0x80, 0x24]), uncompressed]))}`);
    assert.deepEqual(result, {
      ok: false,
      code: 'invalidPublicKeyLength',
      description: 'a P-256 did:key holds a 33-byte compressed point',
    });
  });

  it('decodes jwk_jcs-pub (EBSI natural persons): the JCS JSON of a public JWK, as did:key and DID URL', () => {
    for (const namedCurve of ['prime256v1', 'secp384r1']) {
      const jwk = generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' });
      const jcs = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
      const multibase = `z${base58Encode(Buffer.concat([JWK_JCS_PUB, Buffer.from(jcs)]))}`;
      const did = `did:key:${multibase}`;
      assert.deepEqual(resolveDidKey(did), { ok: true, did, jwk: JSON.parse(jcs) }, namedCurve);
      assert.deepEqual(resolveDidKey(`${did}#${multibase}`), { ok: true, did, jwk: JSON.parse(jcs) }, namedCurve);
    }
  });

  it('refuses jwk_jcs-pub keys that are not JSON, not public or not asymmetric', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
    for (const [content, description] of [
      ['{"kty":', /holds JSON/],
      [JSON.stringify(jwk), /private key material/],
      ['{"k":"AAAA","kty":"oct"}', /private key material/],
      ['["EC"]', /JSON object/],
    ] as const) {
      const result = multibaseKeyToJwk(`z${base58Encode(Buffer.concat([JWK_JCS_PUB, Buffer.from(content)]))}`);
      assert.equal(result.ok, false, content);
      if (!result.ok) assert.match(result.description, description);
    }
  });

  it('refuses a P-256 x coordinate that is not on the curve', () => {
    // x = 1: 1 - 3 + b is not a square modulo the P-256 prime, so no point has this x.
    const point = Buffer.concat([Buffer.from([0x80, 0x24, 0x02]), Buffer.alloc(31), Buffer.from([1])]);
    const result = multibaseKeyToJwk(`z${base58Encode(point)}`);
    assert.equal(result.ok, false);
  });
});

function base58Encode(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
