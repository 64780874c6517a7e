import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorizationServerMetadataUrls, checkAuthorizationServerMetadata } from './authorization-server-discovery';

describe('authorizationServerMetadataUrls', () => {
  it('tries OpenID discovery first, then RFC 8414 with the well-known segment inserted before the path', () => {
    assert.deepEqual(authorizationServerMetadataUrls('https://kc.example/realms/acme'), [
      'https://kc.example/realms/acme/.well-known/openid-configuration',
      'https://kc.example/.well-known/oauth-authorization-server/realms/acme',
    ]);
    assert.deepEqual(authorizationServerMetadataUrls('http://127.0.0.1:8080/'), [
      'http://127.0.0.1:8080/.well-known/openid-configuration',
      'http://127.0.0.1:8080/.well-known/oauth-authorization-server',
    ]);
  });
});

describe('checkAuthorizationServerMetadata', () => {
  const issuer = 'https://kc.example/realms/acme';

  it('accepts metadata of the expected issuer', () => {
    const checked = checkAuthorizationServerMetadata({ issuer, jwks_uri: `${issuer}/certs`, token_endpoint: `${issuer}/token` }, issuer);
    assert.ok(checked.ok);
    if (checked.ok) assert.equal(checked.metadata.jwks_uri, `${issuer}/certs`);
  });

  it('refuses another issuer (also one differing by a trailing slash), non-objects and malformed URLs', () => {
    for (const body of [
      { issuer: 'https://evil.example' },
      { issuer: `${issuer}/` },
      [issuer],
      { issuer, jwks_uri: 'certs' },
      { issuer, introspection_endpoint: 7 },
    ])
      assert.equal(checkAuthorizationServerMetadata(body, issuer).ok, false, JSON.stringify(body));
  });
});
