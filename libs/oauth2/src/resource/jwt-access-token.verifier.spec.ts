import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newKey, signJwt, tamperSignature, verifySignature, type TestKey } from '../test-support/crypto.helper';
import { isJwtAccessTokenCandidate, verifyJwtAccessToken, type JwtAccessTokenOptions } from './jwt-access-token.verifier';

const NOW = 1_760_000_000;
const AS = 'https://as.example/realms/acme';
const CI = 'https://issuer.example/issuers/acme';
const options: JwtAccessTokenOptions = { issuer: AS, audience: CI, nowSeconds: NOW, allowedAlgs: ['ES256', 'RS256', 'PS256'] };

function claims(extra: Record<string, unknown> = {}) {
  return { iss: AS, aud: [CI, 'account'], sub: 'alice', client_id: 'wallet', jti: 'j1', iat: NOW - 5, exp: NOW + 300, ...extra };
}

async function setup(alg: 'ES256' | 'RS256' = 'ES256') {
  const key = await newKey(alg);
  const jwks = [{ ...key.publicJwk, kid: 'k1', alg }];
  const looked: { kid?: string; alg: string }[] = [];
  const callbacks = {
    verifySignature,
    resolveKey: async (header: { kid?: string; alg: string }) => {
      looked.push(header);
      return jwks.find((k) => header.kid === undefined || k.kid === header.kid);
    },
  };
  return { key, callbacks, looked };
}

const token = (key: TestKey, payload: Record<string, unknown> = claims(), header: Record<string, unknown> = {}) =>
  signJwt(key, { typ: 'at+jwt', kid: 'k1', ...header }, payload);

async function refused(result: Promise<{ verified: boolean; description?: string }>, pattern: RegExp) {
  const r = await result;
  assert.equal(r.verified, false);
  assert.match(String(r.description), pattern);
}

describe('verifyJwtAccessToken (RFC 9068 §4)', () => {
  it('accepts a well-formed token (ES256 and RS256, typ at+jwt or application/at+jwt) and returns its claims and cnf.jkt', async () => {
    for (const alg of ['ES256', 'RS256'] as const) {
      const { key, callbacks } = await setup(alg);
      for (const typ of ['at+jwt', 'application/AT+JWT']) {
        const result = await verifyJwtAccessToken(await token(key, claims({ cnf: { jkt: 'thumb' } }), { typ }), options, callbacks);
        assert.ok(result.verified, JSON.stringify(result));
        if (result.verified) {
          assert.equal(result.claims['sub'], 'alice');
          assert.equal(result.jkt, 'thumb');
          assert.equal(result.expiresAt, NOW + 300);
          assert.equal(result.expired, false);
        }
      }
    }
  });

  it('takes a single-string aud', async () => {
    const { key, callbacks } = await setup();
    assert.ok((await verifyJwtAccessToken(await token(key, claims({ aud: CI })), options, callbacks)).verified);
  });

  it('refuses other typ values (an ID token or plain JWT is not an access token)', async () => {
    const { key, callbacks } = await setup();
    for (const typ of ['JWT', 'dpop+jwt', undefined])
      await refused(verifyJwtAccessToken(await token(key, claims(), { typ }), options, callbacks), /typ must be at\+jwt/);
  });

  it('refuses none, HMAC and algorithms outside the allow-list', async () => {
    const { key, callbacks } = await setup();
    for (const alg of ['none', 'HS256', 'ES384'])
      await refused(verifyJwtAccessToken(await token(key, claims(), { alg }), options, callbacks), /alg is not accepted/);
  });

  it('checks iss before looking up a key, so a foreign token costs no JWKS fetch', async () => {
    const { key, callbacks, looked } = await setup();
    await refused(verifyJwtAccessToken(await token(key, claims({ iss: 'https://other.example' })), options, callbacks), /not issued by/);
    assert.deepEqual(looked, []);
  });

  it('refuses an unknown kid, a bad signature, a key of another type', async () => {
    const { key, callbacks } = await setup();
    await refused(verifyJwtAccessToken(await token(key, claims(), { kid: 'k2' }), options, callbacks), /does not publish/);
    await refused(verifyJwtAccessToken(tamperSignature(await token(key)), options, callbacks), /signature is invalid/);
    const rsa = await setup('RS256');
    await refused(verifyJwtAccessToken(await token(key), options, rsa.callbacks), /does not fit its alg/);
  });

  it('refuses a wrong or missing aud, a missing exp or iat, an expired token, a future iat or nbf', async () => {
    const { key, callbacks } = await setup();
    const cases: [Record<string, unknown>, RegExp][] = [
      [claims({ aud: 'https://other.example' }), /not meant for/],
      [claims({ aud: undefined }), /not meant for/],
      [claims({ exp: undefined }), /no exp/],
      [claims({ iat: undefined }), /no iat/],
      [claims({ exp: NOW }), /expired/],
      [claims({ iat: NOW + 3600 }), /iat is in the future/],
      [claims({ nbf: NOW + 3600 }), /nbf/],
      [claims({ exp: '2030' }), /exp is not a number/],
    ];
    for (const [payload, pattern] of cases) await refused(verifyJwtAccessToken(await token(key, payload), options, callbacks), pattern);
  });

  it('reports an expired token as expired when the caller decides on expiry (acceptExpired)', async () => {
    const { key, callbacks } = await setup();
    const result = await verifyJwtAccessToken(await token(key, claims({ exp: NOW - 10 })), { ...options, acceptExpired: true }, callbacks);
    assert.ok(result.verified);
    if (result.verified) assert.equal(result.expired, true);
  });

  it('refuses a sender constraint it cannot check (cnf without jkt, e.g. mTLS x5t#S256)', async () => {
    const { key, callbacks } = await setup();
    await refused(verifyJwtAccessToken(await token(key, claims({ cnf: { 'x5t#S256': 'abc' } })), options, callbacks), /cnf without jkt/);
  });

  it('lets a failing key lookup propagate (the caller answers "try again", not invalid_token)', async () => {
    const { key } = await setup();
    const down = {
      verifySignature,
      resolveKey: () => Promise.reject(new Error('JWKS unreachable')),
    };
    await assert.rejects(verifyJwtAccessToken(await token(key), options, down), /JWKS unreachable/);
  });

  it('tells JWTs from opaque tokens', async () => {
    const { key } = await setup();
    assert.equal(isJwtAccessTokenCandidate(await token(key)), true);
    assert.equal(isJwtAccessTokenCandidate('2YotnFZFEjr1zCsicMWpAA'), false);
    assert.equal(isJwtAccessTokenCandidate('a.b.c'), false);
  });
});
