import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { didJwkFromJwk as didJwkOf } from '@issuer/oid4vci';
import { calculateJwkThumbprint } from 'jose';
import { parseDidJwk } from './did-jwk.codec';
import { didJwkDocument, didKeyDocument, didWebDocument } from './did-document.builder';
import { DidResolutionFailure } from './did-resolution.error';
import type { Jwk } from './public-jwk';

/** The P-256 example of the did:jwk spec §3.1. */
const SPEC_DID =
  'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';
const SPEC_JWK = {
  crv: 'P-256',
  kty: 'EC',
  x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0',
  y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE',
};

describe('did:jwk', () => {
  it('encodes the public members only, in RFC 7638 order (the spec example)', () => {
    assert.equal(didJwkOf({ ...SPEC_JWK, kid: 'k1', alg: 'ES256' }), SPEC_DID);
    assert.deepEqual(parseDidJwk(SPEC_DID), SPEC_JWK);
  });

  it('round-trips Ed25519, secp256k1 and RSA keys', () => {
    for (const pair of [
      generateKeyPairSync('ed25519'),
      generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
      generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ]) {
      const jwk = pair.publicKey.export({ format: 'jwk' }) as Jwk;
      assert.deepEqual(parseDidJwk(didJwkOf(jwk)), Object.fromEntries(Object.entries(jwk).sort(([a], [b]) => a.localeCompare(b))));
    }
  });

  it('refuses private keys, non-JSON and non-keys', () => {
    const priv = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Jwk;
    assert.throws(() => didJwkOf(priv), /private/);
    const encode = (v: unknown) => `did:jwk:${Buffer.from(JSON.stringify(v)).toString('base64url')}`;
    for (const did of [
      encode(priv),
      'did:jwk:!!',
      `did:jwk:${Buffer.from('not json').toString('base64url')}`,
      encode([1]),
      encode({ kty: 'EC' }),
    ]) {
      assert.throws(
        () => parseDidJwk(did),
        (e: unknown) => e instanceof DidResolutionFailure && e.error === 'invalidDid',
      );
    }
  });

  it('builds DID Core documents with one JsonWebKey2020 method', async () => {
    const doc = didJwkDocument(SPEC_DID, SPEC_JWK);
    assert.deepEqual(doc['@context'], ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    assert.deepEqual(doc.verificationMethod, [
      { id: `${SPEC_DID}#0`, type: 'JsonWebKey2020', controller: SPEC_DID, publicKeyJwk: SPEC_JWK },
    ]);
    for (const rel of ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement']) {
      assert.deepEqual(doc[rel], [`${SPEC_DID}#0`], rel);
    }
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as Jwk;
    assert.equal(didJwkDocument('did:jwk:x', ed).keyAgreement, undefined, 'Ed25519 cannot agree keys');
    assert.equal(didJwkDocument('did:jwk:x', { ...SPEC_JWK, use: 'enc' }).assertionMethod, undefined);

    const key = didKeyDocument('did:key:zX', 'zX', { ...SPEC_JWK, kid: 'k' });
    assert.equal(key.verificationMethod?.[0].id, 'did:key:zX#zX');
    assert.deepEqual(key.verificationMethod?.[0].publicKeyJwk, SPEC_JWK);

    const web = await didWebDocument('did:web:example.com', { ...SPEC_JWK, kid: 'k', use: 'sig' });
    assert.equal(web.verificationMethod?.[0].id, `did:web:example.com#${await calculateJwkThumbprint(SPEC_JWK)}`);
    assert.equal(web.verificationMethod?.[0].controller, 'did:web:example.com');
    assert.deepEqual(web.authentication, [web.verificationMethod?.[0].id]);
    assert.deepEqual(web.assertionMethod, [web.verificationMethod?.[0].id]);
  });
});
