import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { didJwkOf, didKeyOf, newKey, signJws, tamperSignature, type TestKey } from '../test-support/holder.helper';
import { verifySelfIssuedIdToken, type SelfIssuedIdTokenOptions } from './self-issued-id-token.verifier';

const NOW = new Date('2026-11-20T10:00:00Z');
const now = Math.floor(NOW.getTime() / 1000);
const CLIENT_ID = 'https://issuer.example/issuers/acme';
const NONCE = 'n-0S6_WzA2Mj';
const options: SelfIssuedIdTokenOptions = { clientId: CLIENT_ID, nonce: NONCE, now: NOW };

/** A self-issued ID token as a SIOPv2 wallet builds it (jose, independent of the verifier). */
async function idToken(key: TestKey, sub: string, header: Record<string, unknown>, claims: Record<string, unknown> = {}) {
  return signJws(key, { typ: 'JWT', ...header }, { iss: sub, sub, aud: CLIENT_ID, nonce: NONCE, iat: now, exp: now + 300, ...claims });
}

async function thumbprintToken(key: TestKey, claims: Record<string, unknown> = {}) {
  const thumbprint = await calculateJwkThumbprint(key.publicJwk);
  return idToken(key, thumbprint, {}, { sub_jwk: key.publicJwk, ...claims });
}

async function expectRefused(token: string, reason: string, error = 'invalid_request', extra: Partial<SelfIssuedIdTokenOptions> = {}) {
  const result = await verifySelfIssuedIdToken(token, { ...options, ...extra });
  assert.equal(result.verified, false, 'expected a refusal');
  if (!result.verified) {
    assert.equal(result.reason, reason, result.description);
    assert.equal(result.error, error);
  }
}

describe('verifySelfIssuedIdToken', () => {
  it('accepts a did:jwk subject signed with its #0 key and returns the DID and claims', async () => {
    const key = await newKey();
    const did = didJwkOf(key.publicJwk);
    const result = await verifySelfIssuedIdToken(await idToken(key, did, { kid: `${did}#0` }, { given_name: 'Erika' }), options);
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) {
      assert.equal(result.subject.id, did);
      assert.equal(result.subject.did, did);
      assert.deepEqual(result.subject.jwk, { kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y });
      assert.equal(result.claims['given_name'], 'Erika');
    }
  });

  it('accepts did:key subjects (P-256 and Ed25519) with the did:key DID URL as kid', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const key = await newKey(alg);
      const did = didKeyOf(key.publicJwk);
      const result = await verifySelfIssuedIdToken(await idToken(key, did, { kid: `${did}#${did.slice(8)}` }), options);
      assert.ok(result.verified, `${alg}: ${JSON.stringify(result)}`);
    }
  });

  it('resolves other DID methods through resolveDidKeys with the kid DID URL', async () => {
    const key = await newKey();
    const did = 'did:web:wallet.example:u:42';
    const asked: string[] = [];
    const resolveDidKeys = async (didUrl: string) => {
      asked.push(didUrl);
      return [key.publicJwk as Record<string, unknown>];
    };
    const result = await verifySelfIssuedIdToken(await idToken(key, did, { kid: `${did}#key-1` }), { ...options, resolveDidKeys });
    assert.ok(result.verified);
    assert.deepEqual(asked, [`${did}#key-1`]);
    await expectRefused(await idToken(key, did, { kid: `${did}#key-1` }), 'did_unresolvable');
    await expectRefused(await idToken(key, did, { kid: `${did}#key-1` }), 'did_unresolvable', 'temporarily_unavailable', {
      resolveDidKeys: async () => {
        throw new Error('resolver down');
      },
    });
  });

  it('accepts a JWK thumbprint subject with sub_jwk, plain and as RFC 9278 URI', async () => {
    const key = await newKey('EdDSA');
    const result = await verifySelfIssuedIdToken(await thumbprintToken(key), options);
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) {
      assert.equal(result.subject.id, await calculateJwkThumbprint(key.publicJwk));
      assert.equal(result.subject.did, undefined);
    }
    const uri = `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${await calculateJwkThumbprint(key.publicJwk)}`;
    assert.ok((await verifySelfIssuedIdToken(await idToken(key, uri, {}, { sub_jwk: key.publicJwk }), options)).verified);
  });

  it('accepts an Ed448 sub_jwk signed as EdDSA or Ed448 (RFC 9864), not as Ed25519', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed448');
    const jwk = publicKey.export({ format: 'jwk' });
    const sub = await calculateJwkThumbprint(jwk as never);
    const token = (alg: string) => {
      const input = [
        { alg, typ: 'JWT' },
        { iss: sub, sub, aud: CLIENT_ID, nonce: NONCE, iat: now, exp: now + 300, sub_jwk: jwk },
      ]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    };
    for (const alg of ['EdDSA', 'Ed448']) assert.ok((await verifySelfIssuedIdToken(token(alg), options)).verified, alg);
    await expectRefused(token('Ed25519'), 'invalid_signature');
  });

  it('refuses a sub that is not the thumbprint of sub_jwk, and a token not signed by sub_jwk', async () => {
    const key = await newKey();
    const other = await newKey();
    await expectRefused(
      await idToken(key, await calculateJwkThumbprint(other.publicJwk), {}, { sub_jwk: key.publicJwk }),
      'subject_mismatch',
    );
    await expectRefused(
      await idToken(other, await calculateJwkThumbprint(key.publicJwk), {}, { sub_jwk: key.publicJwk }),
      'invalid_signature',
    );
    await expectRefused(await idToken(key, 'alice', {}, {}), 'malformed');
  });

  it('refuses iss != sub, wrong aud, wrong nonce', async () => {
    const key = await newKey();
    const did = didJwkOf(key.publicJwk);
    const kid = { kid: `${did}#0` };
    await expectRefused(await idToken(key, did, kid, { iss: 'https://self-issued.me/v2' }), 'subject_mismatch');
    await expectRefused(await idToken(key, did, kid, { aud: 'https://other.example' }), 'audience_mismatch');
    await expectRefused(await idToken(key, did, kid, { nonce: 'replayed' }), 'nonce_mismatch');
    await expectRefused(await idToken(key, did, kid, { nonce: undefined }), 'nonce_mismatch');
    assert.ok((await verifySelfIssuedIdToken(await idToken(key, did, kid, { aud: ['x', CLIENT_ID] }), options)).verified);
  });

  it('refuses an expired token, a missing exp and an iat in the future', async () => {
    const key = await newKey();
    const did = didJwkOf(key.publicJwk);
    const kid = { kid: `${did}#0` };
    await expectRefused(await idToken(key, did, kid, { exp: now - 120 }), 'expired');
    await expectRefused(await idToken(key, did, kid, { exp: undefined }), 'malformed');
    await expectRefused(await idToken(key, did, kid, { iat: now + 600 }), 'not_yet_valid');
    await expectRefused(await idToken(key, did, kid, { iat: now - 3600 }), 'expired', 'invalid_request', { maxAgeSeconds: 600 });
  });

  it('refuses a bad signature, a kid of another DID, alg none and garbage', async () => {
    const key = await newKey();
    const other = await newKey();
    const did = didJwkOf(key.publicJwk);
    await expectRefused(tamperSignature(await idToken(key, did, { kid: `${did}#0` })), 'invalid_signature');
    await expectRefused(await idToken(other, did, { kid: `${did}#0` }), 'invalid_signature');
    await expectRefused(await idToken(other, did, { kid: `${didJwkOf(other.publicJwk)}#0` }), 'subject_mismatch');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: did, sub: did })).toString('base64url')}.`;
    await expectRefused(unsigned, 'malformed');
    await expectRefused('not-a-jwt', 'malformed');
    const result = await verifySelfIssuedIdToken(undefined, options);
    assert.equal(result.verified, false);
  });
});
