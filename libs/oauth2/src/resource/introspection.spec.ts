import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildIntrospectionRequest, parseIntrospectionResponse } from './introspection';

const NOW = 1_760_000_000;
const AS = 'https://as.example/realms/acme';
const CI = 'https://issuer.example/issuers/acme';
const expectations = { issuer: AS, audience: CI, nowSeconds: NOW };

describe('buildIntrospectionRequest (RFC 7662 §2.1)', () => {
  it('posts the token with a hint and authenticates with client_secret_basic over form-encoded credentials', () => {
    const request = buildIntrospectionRequest({
      endpoint: `${AS}/introspect`,
      token: 'opaque+token',
      clientId: 'issuer api',
      clientSecret: 'a:b/ü',
    });
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${AS}/introspect`);
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    const decoded = Buffer.from(request.headers.authorization!.replace(/^Basic /, ''), 'base64').toString('utf8');
    assert.equal(decoded, 'issuer+api:a%3Ab%2F%C3%BC', 'RFC 6749 §2.3.1: id and secret form-urlencoded before Basic');
    const form = new URLSearchParams(request.body);
    assert.equal(form.get('token'), 'opaque+token');
    assert.equal(form.get('token_type_hint'), 'access_token');
  });
});

describe('parseIntrospectionResponse (RFC 7662 §2.2)', () => {
  it('accepts an active token and checks the claims it carries', () => {
    const result = parseIntrospectionResponse(
      200,
      { active: true, iss: AS, aud: CI, exp: NOW + 60, scope: 'pid', sub: 'alice', cnf: { jkt: 'thumb' }, token_type: 'DPoP' },
      expectations,
    );
    assert.ok(result.verified);
    if (result.verified) {
      assert.equal(result.claims['sub'], 'alice');
      assert.equal(result.jkt, 'thumb');
      assert.equal(result.expiresAt, NOW + 60);
    }
  });

  it('accepts an active answer without iss, aud or exp (all optional in RFC 7662)', () => {
    const result = parseIntrospectionResponse(200, { active: true, scope: 'pid' }, expectations);
    assert.ok(result.verified);
    if (result.verified) assert.equal(result.expiresAt, undefined);
  });

  it('refuses inactive tokens, refresh tokens, and active ones for another issuer or audience, or expired', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ active: false }, /not active/],
      [{ active: true, token_type: 'refresh_token' }, /refresh token/],
      [{ active: true, typ: 'Refresh' }, /refresh token/],
      [{ active: true, iss: 'https://other.example' }, /not issued by/],
      [{ active: true, aud: ['https://other.example'] }, /not meant for/],
      [{ active: true, exp: NOW - 1 }, /expired/],
    ];
    for (const [body, pattern] of cases) {
      const result = parseIntrospectionResponse(200, body, expectations);
      assert.equal(result.verified, false);
      if (!result.verified) {
        assert.equal(result.error, 'invalid_token');
        assert.match(result.description, pattern);
      }
    }
  });

  it('calls an error status or a body without boolean active unusable (the server, not the token, failed)', () => {
    for (const [status, body] of [
      [401, { error: 'invalid_client' }],
      [500, {}],
      [200, { active: 'true' }],
      [200, 'active'],
    ] as [number, unknown][]) {
      const result = parseIntrospectionResponse(status, body, expectations);
      assert.equal(result.verified, false);
      if (!result.verified) assert.equal(result.error, 'invalid_introspection_response');
    }
  });
});
