import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthorizationServerMetadata } from './authorization-server-metadata.builder';

const CI = 'https://issuer.example/issuers/acme';

describe('buildAuthorizationServerMetadata', () => {
  it('announces the API.md §11 fields with defaults', () => {
    assert.deepEqual(buildAuthorizationServerMetadata({ credentialIssuer: CI, dpopSigningAlgs: ['ES256', 'EdDSA'] }), {
      issuer: CI,
      authorization_endpoint: `${CI}/authorize`,
      token_endpoint: `${CI}/token`,
      pushed_authorization_request_endpoint: `${CI}/par`,
      require_pushed_authorization_requests: false,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      authorization_details_types_supported: ['openid_credential'],
      authorization_response_iss_parameter_supported: true,
      'pre-authorized_grant_anonymous_access_supported': true,
      dpop_signing_alg_values_supported: ['ES256', 'EdDSA'],
    });
  });

  it('adds attest_jwt_client_auth with its algorithms, alone and without anonymous access when required', () => {
    const optional = buildAuthorizationServerMetadata({ credentialIssuer: CI, clientAttestation: { signingAlgs: ['ES256'] } });
    assert.deepEqual(optional.token_endpoint_auth_methods_supported, ['none', 'attest_jwt_client_auth']);
    assert.deepEqual(optional.client_attestation_signing_alg_values_supported, ['ES256']);
    assert.deepEqual(optional.client_attestation_pop_signing_alg_values_supported, ['ES256']);
    assert.equal(optional['pre-authorized_grant_anonymous_access_supported'], true);
    const required = buildAuthorizationServerMetadata({ credentialIssuer: CI, clientAttestation: { required: true } });
    assert.deepEqual(required.token_endpoint_auth_methods_supported, ['attest_jwt_client_auth']);
    assert.equal(required['pre-authorized_grant_anonymous_access_supported'], false);
  });

  it('follows requirePar, refreshTokens, scopes and jwks_uri and omits empty DPoP algorithms', () => {
    const metadata = buildAuthorizationServerMetadata({
      credentialIssuer: CI,
      requirePushedAuthorizationRequests: true,
      refreshTokens: false,
      scopes: ['pid', 'mdl', 'pid'],
      jwksUri: `${CI}/jwks`,
      dpopSigningAlgs: [],
    });
    assert.equal(metadata.require_pushed_authorization_requests, true);
    assert.equal(metadata.grant_types_supported.includes('refresh_token'), false);
    assert.deepEqual(metadata.scopes_supported, ['pid', 'mdl']);
    assert.equal(metadata.jwks_uri, `${CI}/jwks`);
    assert.equal('dpop_signing_alg_values_supported' in metadata, false);
  });
});
