import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessTokenPresentation, parseAuthorizationHeader } from './access-token-presentation';
import { dpopChallenge, dpopErrorFor } from './dpop-error';
import { normalizeHtu } from './htu';

describe('dpopErrorFor', () => {
  it('answers 400 JSON at the token endpoint, with DPoP-Nonce for use_dpop_nonce', () => {
    const invalid = dpopErrorFor({ error: 'invalid_dpop_proof', description: 'bad htu' }, 'token');
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.toResponseBody(), { error: 'invalid_dpop_proof', error_description: 'bad htu' });
    const nonce = dpopErrorFor({ error: 'use_dpop_nonce', description: 'nonce needed' }, 'token', { nonce: 'n-1' });
    assert.equal(nonce.status, 400);
    assert.deepEqual(nonce.headers, { 'DPoP-Nonce': 'n-1' });
    assert.throws(() => dpopErrorFor({ error: 'use_dpop_nonce', description: 'x' }, 'token'), TypeError);
  });

  it('answers 401 with a WWW-Authenticate DPoP challenge at resource endpoints', () => {
    const error = dpopErrorFor({ error: 'invalid_dpop_proof', description: 'ath "wrong"' }, 'resource', {
      allowedAlgs: ['ES256', 'EdDSA'],
    });
    assert.equal(error.status, 401);
    assert.deepEqual(error.headers, {
      'WWW-Authenticate': `DPoP error="invalid_dpop_proof", error_description="ath 'wrong'", algs="ES256 EdDSA"`,
    });
    const nonce = dpopErrorFor({ error: 'use_dpop_nonce', description: 'x' }, 'resource', { nonce: 'n' });
    assert.equal(nonce.headers?.['DPoP-Nonce'], 'n');
    assert.match(nonce.headers?.['WWW-Authenticate'] ?? '', /^DPoP error="use_dpop_nonce"/);
    assert.equal(dpopChallenge(undefined), 'DPoP');
  });
});

describe('access token presentation', () => {
  it('reads Bearer and DPoP schemes case-insensitively', () => {
    assert.deepEqual(parseAuthorizationHeader('Bearer abc.def'), { scheme: 'Bearer', token: 'abc.def' });
    assert.deepEqual(parseAuthorizationHeader('dpop abc'), { scheme: 'DPoP', token: 'abc' });
    assert.deepEqual(parseAuthorizationHeader(['DPOP a+b/c=']), { scheme: 'DPoP', token: 'a+b/c=' });
  });

  it('refuses missing, repeated and malformed Authorization headers', () => {
    assert.throws(() => parseAuthorizationHeader(undefined), { error: 'invalid_token', status: 401 });
    assert.throws(() => parseAuthorizationHeader(['Bearer a', 'Bearer b']), { error: 'invalid_request', status: 400 });
    for (const value of ['Basic abc', 'Bearer', 'Bearer a b', 'Bearer a"b'])
      assert.throws(() => parseAuthorizationHeader(value), { error: 'invalid_request' }, value);
  });

  it('requires the DPoP scheme and a proof for a bound token (a bound token as Bearer is invalid_token)', () => {
    assert.deepEqual(checkAccessTokenPresentation({ scheme: 'DPoP', token: 't' }, { jkt: 'j' }, { dpopProofPresent: true }), {
      dpopRequired: true,
    });
    assert.throws(
      () => checkAccessTokenPresentation({ scheme: 'Bearer', token: 't' }, { jkt: 'j' }, { dpopProofPresent: true }),
      (e: unknown) => {
        const err = e as { error: string; status: number; headers: Record<string, string> };
        assert.equal(err.error, 'invalid_token');
        assert.equal(err.status, 401);
        assert.match(err.headers['WWW-Authenticate'] ?? '', /^DPoP error="invalid_token"/);
        return true;
      },
    );
    assert.throws(() => checkAccessTokenPresentation({ scheme: 'DPoP', token: 't' }, { jkt: 'j' }, { dpopProofPresent: false }), {
      error: 'invalid_dpop_proof',
      status: 401,
    });
  });

  it('takes an unbound token only as Bearer, ignoring a proof', () => {
    assert.deepEqual(checkAccessTokenPresentation({ scheme: 'Bearer', token: 't' }, {}, { dpopProofPresent: true }), {
      dpopRequired: false,
    });
    assert.throws(() => checkAccessTokenPresentation({ scheme: 'DPoP', token: 't' }, {}, { dpopProofPresent: true }), {
      error: 'invalid_token',
    });
  });
});

describe('normalizeHtu', () => {
  it('normalises per RFC 3986 and drops query and fragment', () => {
    assert.equal(normalizeHtu('HTTPS://A.Example:443/x/%7euser/%2f?q#f'), 'https://a.example/x/~user/%2F');
    assert.equal(normalizeHtu('http://127.0.0.1:3000'), 'http://127.0.0.1:3000/');
  });

  it('refuses non-http URIs, relative ones and user info', () => {
    for (const value of ['urn:x', '/token', 'ftp://a/b', 'https://u:p@a/b', 42]) assert.equal(normalizeHtu(value), undefined);
  });
});
