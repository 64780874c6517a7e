import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verificationMethodKey } from './did-document.util';

const DID = 'did:web:wallet.example';
const JWK = { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM' };
const MULTIKEY = 'zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv'; // the same key (did:key test vector)

const document = (extra: Record<string, unknown> = {}) => ({
  id: DID,
  verificationMethod: [
    { id: `${DID}#k1`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: JWK },
    { id: '#k2', type: 'Multikey', controller: DID, publicKeyMultibase: MULTIKEY },
    { id: `${DID}#k3`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: JWK },
  ],
  authentication: [`${DID}#k1`, '#k2'],
  assertionMethod: [`${DID}#k3`],
  ...extra,
});

describe('verificationMethodKey', () => {
  it('finds absolute and relative method ids listed under authentication (publicKeyJwk and Multikey)', () => {
    assert.deepEqual(verificationMethodKey(document(), `${DID}#k1`), { ok: true, jwk: JWK });
    assert.deepEqual(verificationMethodKey(document(), `${DID}#k2`), { ok: true, jwk: JWK });
  });

  it('accepts a method embedded in authentication', () => {
    const embedded = { id: DID, authentication: [{ id: `${DID}#e`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: JWK }] };
    assert.deepEqual(verificationMethodKey(embedded, `${DID}#e`), { ok: true, jwk: JWK });
  });

  const refused: [string, unknown, string, RegExp][] = [
    ['a kid without fragment', document(), DID, /fragment/],
    ['a document of another DID', document({ id: 'did:web:other.example' }), `${DID}#k1`, /not the document/],
    ['an unknown method', document(), `${DID}#nope`, /no verification method/],
    ['a method only for assertions', document(), `${DID}#k3`, /authentication/],
    [
      'private key material',
      document({ verificationMethod: [{ id: `${DID}#k1`, publicKeyJwk: { ...JWK, d: 'AAAA' } }] }),
      `${DID}#k1`,
      /private key/,
    ],
    [
      'an empty key member',
      document({ verificationMethod: [{ id: `${DID}#k1`, publicKeyJwk: { ...JWK, x: '' } }] }),
      `${DID}#k1`,
      /needs member x/,
    ],
    ['a method without key', document({ verificationMethod: [{ id: `${DID}#k1`, type: 'X' }] }), `${DID}#k1`, /neither publicKeyJwk/],
  ];
  for (const [name, doc, kid, pattern] of refused) {
    it(`refuses ${name}`, () => {
      const result = verificationMethodKey(doc, kid);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.description, pattern);
    });
  }
});
