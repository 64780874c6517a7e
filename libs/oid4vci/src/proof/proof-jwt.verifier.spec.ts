import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { verifyProofJwt, type ProofVerificationCallbacks } from './proof-jwt.verifier';
import { didJwkFromJwk } from './holder-jwk.util';

const ISSUER = 'https://issuer.example.com/issuers/acme';
const NOW = 1_760_000_000;
const options = { credentialIssuer: ISSUER, nowSeconds: NOW, supportedAlgs: ['ES256', 'EdDSA'] };

const callbacks: ProofVerificationCallbacks = {
  async verifySignature({ alg, jwk, signingInput, signature }) {
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    if (alg === 'EdDSA') return verify(null, Buffer.from(signingInput), key, signature);
    return verify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature);
  },
};

async function keys(alg: 'ES256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

async function proof(
  alg: 'ES256' | 'EdDSA',
  opts: { header?: Record<string, unknown>; payload?: Record<string, unknown>; noJwk?: boolean } = {},
) {
  const k = await keys(alg);
  const header = { alg, typ: 'openid4vci-proof+jwt', ...(opts.noJwk ? {} : { jwk: k.publicJwk }), ...opts.header };
  const payload = { aud: ISSUER, iat: NOW - 5, nonce: 'n-1', ...opts.payload };
  const jwt = await new SignJWT(payload).setProtectedHeader(header as never).sign(k.privateKey);
  return { jwt, ...k };
}

async function expectFailure(jwt: string, pattern: RegExp, extra: Partial<typeof options> & { clientId?: string } = {}) {
  const result = await verifyProofJwt(jwt, { ...options, ...extra }, callbacks);
  assert.equal(result.verified, false);
  if (!result.verified) {
    assert.equal(result.error, 'invalid_proof');
    assert.match(result.description, pattern);
    assert.doesNotMatch(result.description, /["\\]/);
  }
}

describe('verifyProofJwt', () => {
  it('accepts an ES256 proof with a jwk header and returns the holder key, nonce and did:jwk', async () => {
    const { jwt, publicJwk } = await proof('ES256');
    const result = await verifyProofJwt(jwt, options, callbacks);
    assert.ok(result.verified);
    assert.deepEqual(result.holderJwk, publicJwk);
    assert.equal(result.nonce, 'n-1');
    assert.equal(result.holderDid, didJwkFromJwk(publicJwk as Record<string, unknown>));
    assert.equal(result.kid, undefined);
  });

  it('accepts an EdDSA proof with a did:jwk kid (with #0) and an aud array', async () => {
    const k = await keys('EdDSA');
    const did = didJwkFromJwk(k.publicJwk as Record<string, unknown>);
    const jwt = await new SignJWT({ aud: ['other', ISSUER], iat: NOW, nonce: 'n-2' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: `${did}#0` })
      .sign(k.privateKey);
    const result = await verifyProofJwt(jwt, options, callbacks);
    assert.ok(result.verified);
    assert.equal(result.holderDid, did);
    assert.equal(result.kid, `${did}#0`);
    assert.deepEqual(result.holderJwk, k.publicJwk);
  });

  it('resolves other kids through resolveKid and fails when unresolved or without resolver', async () => {
    const k = await keys('ES256');
    const kid = 'did:web:wallet.example#key-1';
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid })
      .sign(k.privateKey);
    const resolved = await verifyProofJwt(jwt, options, {
      ...callbacks,
      resolveKid: async (id) => (id === kid ? (k.publicJwk as Record<string, unknown>) : undefined),
    });
    assert.ok(resolved.verified);
    assert.equal(resolved.holderDid, 'did:web:wallet.example');
    const unresolved = await verifyProofJwt(jwt, options, { ...callbacks, resolveKid: async () => undefined });
    assert.equal(unresolved.verified, false);
    await expectFailure(jwt, /cannot be resolved/);
  });

  it('accepts iss equal to clientId and ignores iss without clientId', async () => {
    const { jwt } = await proof('ES256', { payload: { iss: 'wallet-1' } });
    assert.ok((await verifyProofJwt(jwt, { ...options, clientId: 'wallet-1' }, callbacks)).verified);
    assert.ok((await verifyProofJwt(jwt, options, callbacks)).verified);
    await expectFailure(jwt, /iss/, { clientId: 'wallet-2' });
  });

  it('rejects a wrong typ', async () => {
    await expectFailure((await proof('ES256', { header: { typ: 'JWT' } })).jwt, /typ/);
  });

  it('rejects a wrong aud', async () => {
    await expectFailure((await proof('ES256', { payload: { aud: 'https://evil.example' } })).jwt, /aud/);
  });

  it('rejects an old iat and a future iat, accepts small skew', async () => {
    await expectFailure((await proof('ES256', { payload: { iat: NOW - 301 } })).jwt, /too old/);
    await expectFailure((await proof('ES256', { payload: { iat: NOW + 61 } })).jwt, /future/);
    assert.ok((await verifyProofJwt((await proof('ES256', { payload: { iat: NOW + 30 } })).jwt, options, callbacks)).verified);
    await expectFailure((await proof('ES256', { payload: { iat: 'yesterday' } })).jwt, /iat/);
  });

  it('rejects an expired proof', async () => {
    await expectFailure((await proof('ES256', { payload: { exp: NOW - 1 } })).jwt, /expired/);
  });

  it('rejects a proof without nonce', async () => {
    await expectFailure((await proof('ES256', { payload: { nonce: undefined } })).jwt, /nonce/);
  });

  it('rejects private key material in the jwk header', async () => {
    const k = await keys('ES256');
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: k.privateJwk as JWK })
      .sign(k.privateKey);
    await expectFailure(jwt, /private key/);
  });

  it('rejects a bad signature', async () => {
    const { jwt } = await proof('ES256');
    const other = await proof('ES256');
    const [h, p] = jwt.split('.');
    await expectFailure(`${h}.${p}.${other.jwt.split('.')[2]}`, /signature/);
    const tamperedPayload = Buffer.from(JSON.stringify({ aud: ISSUER, iat: NOW, nonce: 'other' })).toString('base64url');
    await expectFailure(`${h}.${tamperedPayload}.${jwt.split('.')[2]}`, /signature/);
  });

  it('rejects alg none, HS256, unsupported algs and alg/key mismatches', async () => {
    const k = await keys('ES256');
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = enc({ aud: ISSUER, iat: NOW, nonce: 'n' });
    const none = `${enc({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk })}.${payload}.`;
    await expectFailure(none, /decoded|asymmetric/);
    const noneSigned = `${enc({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk })}.${payload}.AAAA`;
    await expectFailure(noneSigned, /asymmetric/, { supportedAlgs: ['none', 'ES256'] });
    const hs = `${enc({ alg: 'HS256', typ: 'openid4vci-proof+jwt', jwk: { kty: 'oct', k: 'AAAA' } })}.${payload}.AAAA`;
    await expectFailure(hs, /asymmetric/, { supportedAlgs: ['HS256'] });
    await expectFailure((await proof('ES256')).jwt, /not supported/, { supportedAlgs: ['EdDSA'] });
    const ed = await keys('EdDSA');
    const mismatch = `${enc({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: ed.publicJwk })}.${payload}.AAAA`;
    await expectFailure(mismatch, /key type/);
  });

  it('rejects both kid and jwk, neither, and x5c', async () => {
    await expectFailure((await proof('ES256', { header: { kid: 'did:example:1' } })).jwt, /exactly one/);
    await expectFailure((await proof('ES256', { noJwk: true })).jwt, /exactly one/);
    await expectFailure((await proof('ES256', { noJwk: true, header: { x5c: ['MIIB'] } })).jwt, /x5c proofs are not supported/);
  });

  it('rejects malformed compact serialisations', async () => {
    await expectFailure('a.b', /three parts/);
    await expectFailure('a.b.c', /decoded/);
    await expectFailure('!!.@@.##', /decoded/);
  });

  it('rejects a did:jwk kid with another fragment or garbage', async () => {
    const { jwt, publicJwk } = await proof('ES256', { noJwk: true, header: { kid: 'did:jwk:notbase64!' } });
    await expectFailure(jwt, /did:jwk/);
    const did = didJwkFromJwk(publicJwk as Record<string, unknown>);
    await expectFailure((await proof('ES256', { noJwk: true, header: { kid: `${did}#1` } })).jwt, /#0/);
  });
});
