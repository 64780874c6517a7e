import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { memoryJtiStore, newKey, sha256, signJwt, tamperSignature, verifySignature, type TestKey } from '../test-support/crypto.helper';
import { verifyDpopProof, type DpopRequest, type DpopVerificationOptions } from './dpop-proof.verifier';

const NOW = 1_760_000_000;
const TOKEN_URL = 'https://issuer.example/issuers/acme/token';
const request: DpopRequest = { method: 'POST', url: TOKEN_URL };
const options: DpopVerificationOptions = { allowedAlgs: ['ES256', 'EdDSA'], nowSeconds: NOW };
let counter = 0;

async function proof(key: TestKey, payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  return signJwt(
    key,
    { typ: 'dpop+jwt', jwk: key.publicJwk, ...header },
    { jti: `jti-${++counter}`, htm: 'POST', htu: TOKEN_URL, iat: NOW, ...payload },
  );
}

function callbacks(extra: { checkNonce?: (nonce: string) => boolean } = {}) {
  return { verifySignature, hash: sha256, useJti: memoryJtiStore(), ...extra };
}

async function expectFailure(
  jwt: string | string[] | undefined,
  pattern: RegExp,
  opts: Partial<DpopVerificationOptions> = {},
  req: Partial<DpopRequest> = {},
  error = 'invalid_dpop_proof',
) {
  const result = await verifyDpopProof(jwt, { ...request, ...req }, { ...options, ...opts }, callbacks());
  assert.equal(result.verified, false);
  if (!result.verified) {
    assert.equal(result.error, error);
    assert.match(result.description, pattern);
  }
}

describe('verifyDpopProof', () => {
  it('accepts a valid ES256 and EdDSA proof and returns the RFC 7638 thumbprint', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const key = await newKey(alg);
      const result = await verifyDpopProof(await proof(key), request, options, callbacks());
      assert.ok(result.verified);
      if (result.verified) {
        assert.equal(result.jkt, await calculateJwkThumbprint(key.publicJwk));
        assert.deepEqual(result.jwk, key.publicJwk);
      }
    }
  });

  it('normalises htu: query, fragment, case of scheme and host, default port, percent-encoding', async () => {
    const key = await newKey();
    const jwt = await proof(key, { htu: 'HTTPS://Issuer.Example:443/issuers/%61cme/token' });
    const result = await verifyDpopProof(jwt, { method: 'POST', url: `${TOKEN_URL}?x=1#f` }, options, callbacks());
    assert.ok(result.verified);
  });

  it('refuses a replayed jti across calls sharing the store, and records its expiry', async () => {
    const key = await newKey();
    const jwt = await proof(key);
    const shared = callbacks();
    assert.ok((await verifyDpopProof(jwt, request, options, shared)).verified);
    const again = await verifyDpopProof(jwt, request, options, shared);
    assert.equal(again.verified, false);
    if (!again.verified) assert.match(again.description, /jti has been used/);
    const expiresAt = [...shared.useJti.seen.values()][0] as Date;
    assert.ok(expiresAt.getTime() >= (NOW + 60) * 1000);
  });

  it('does not consume the jti of an otherwise invalid proof', async () => {
    const key = await newKey();
    const shared = callbacks();
    await verifyDpopProof(await proof(key, { htm: 'GET' }), request, options, shared);
    assert.equal(shared.useJti.seen.size, 0);
  });

  it('checks ath against the access token at resource endpoints', async () => {
    const key = await newKey();
    const ath = createHash('sha256').update('access-1').digest('base64url');
    const resource = { method: 'POST', url: 'https://issuer.example/issuers/acme/credential', accessToken: 'access-1' };
    const good = await proof(key, { htu: resource.url, ath });
    assert.ok((await verifyDpopProof(good, resource, options, callbacks())).verified);
    await expectFailure(await proof(key, { htu: resource.url, ath }), /ath/, {}, { ...resource, accessToken: 'access-2' });
    await expectFailure(await proof(key, { htu: resource.url }), /ath/, {}, resource);
  });

  it('checks the bound key (cnf.jkt)', async () => {
    const key = await newKey();
    const jkt = await calculateJwkThumbprint(key.publicJwk);
    assert.ok((await verifyDpopProof(await proof(key), request, { ...options, expectedJkt: jkt }, callbacks())).verified);
    await expectFailure(await proof(await newKey()), /bound/, { expectedJkt: jkt });
  });

  it('asks for a server nonce with use_dpop_nonce and accepts a valid one', async () => {
    const key = await newKey();
    const checkNonce = (nonce: string) => nonce === 'server-nonce';
    const missing = await verifyDpopProof(await proof(key), request, { ...options, requireNonce: true }, callbacks({ checkNonce }));
    assert.deepEqual(missing.verified ? undefined : missing.error, 'use_dpop_nonce');
    const stale = await verifyDpopProof(await proof(key, { nonce: 'old' }), request, options, callbacks({ checkNonce }));
    assert.deepEqual(stale.verified ? undefined : stale.error, 'use_dpop_nonce');
    const fresh = await verifyDpopProof(
      await proof(key, { nonce: 'server-nonce' }),
      request,
      { ...options, requireNonce: true },
      callbacks({ checkNonce }),
    );
    assert.ok(fresh.verified);
  });

  it('refuses bad headers: typ, alg, private or missing jwk, mismatching kty, crit', async () => {
    const es = await newKey();
    const ps = await newKey('PS256');
    await expectFailure(await proof(es, {}, { typ: 'JWT' }), /typ/);
    await expectFailure(await proof(es, {}, { typ: undefined }), /typ/);
    await expectFailure(await proof(ps), /alg/);
    await expectFailure(await proof(es), /alg/, { allowedAlgs: ['EdDSA'] });
    await expectFailure(await proof(es, {}, { jwk: es.privateJwk }), /private/);
    await expectFailure(await proof(es, {}, { jwk: { ...es.publicJwk, k: 'AAAA' } }), /private/);
    await expectFailure(await proof(es, {}, { jwk: undefined }), /jwk/);
    await expectFailure(await proof(es, {}, { jwk: (await newKey('EdDSA')).publicJwk }), /does not match|signature/);
    await expectFailure(await proof(es, {}, { crit: ['x'], x: 1 }), /crit/);
  });

  it('refuses a forged signature, a key that did not sign, HS256 and alg none', async () => {
    const key = await newKey();
    await expectFailure(tamperSignature(await proof(key)), /signature/);
    await expectFailure(await proof(key, {}, { jwk: (await newKey()).publicJwk }), /signature/);
    const none = `${Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'none', jwk: key.publicJwk })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.AAAA`;
    await expectFailure(none, /alg/);
    const hs = `${Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'HS256', jwk: key.publicJwk })).toString('base64url')}.e30.AAAA`;
    await expectFailure(hs, /alg/, { allowedAlgs: ['HS256'] });
  });

  it('refuses wrong htm/htu, a stale or future iat, expired proofs and a missing jti', async () => {
    const key = await newKey();
    await expectFailure(await proof(key, { htm: 'GET' }), /htm/);
    await expectFailure(await proof(key, { htm: 'post' }), /htm/);
    await expectFailure(await proof(key, { htu: 'https://issuer.example/issuers/acme/par' }), /htu/);
    await expectFailure(await proof(key, { htu: 'https://other.example/issuers/acme/token' }), /htu/);
    await expectFailure(await proof(key, { htu: 'not a url' }), /htu/);
    await expectFailure(await proof(key, { iat: NOW - 61 }), /too old/);
    await expectFailure(await proof(key, { iat: NOW + 61 }), /future/);
    await expectFailure(await proof(key, { iat: String(NOW) }), /iat/);
    await expectFailure(await proof(key, { exp: NOW }), /expired/);
    await expectFailure(await proof(key, { nbf: NOW + 120 }), /not yet valid/);
    await expectFailure(await proof(key, { jti: undefined }), /jti/);
    await expectFailure(await proof(key, { jti: 'x'.repeat(257) }), /jti/);
  });

  it('accepts iat 10 s before and after now (FAPI 2.0 tests) and a configurable window', async () => {
    const key = await newKey();
    for (const iat of [NOW - 10, NOW + 10])
      assert.ok((await verifyDpopProof(await proof(key, { iat }), request, options, callbacks())).verified);
    await expectFailure(await proof(key, { iat: NOW - 30 }), /too old/, { maxAgeSeconds: 20 });
  });

  it('refuses missing, repeated and malformed headers', async () => {
    const key = await newKey();
    const jwt = await proof(key);
    await expectFailure(undefined, /required/);
    await expectFailure([], /required/);
    await expectFailure([jwt, jwt], /exactly one/);
    await expectFailure('a.b', /compact JWS/);
    await expectFailure(`${jwt}x!`, /compact JWS/);
    assert.ok((await verifyDpopProof([jwt], request, options, callbacks())).verified);
  });

  it('treats a verifier exception as an invalid signature', async () => {
    const key = await newKey();
    const throwing = { ...callbacks(), verifySignature: async () => Promise.reject(new Error('bad key')) };
    const result = await verifyDpopProof(await proof(key), request, options, throwing);
    assert.equal(result.verified, false);
  });
});
