import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationRequestError } from '../errors/oauth2.error';
import { parseAuthorizationRequest, parsePushedAuthorizationRequest } from './authorization-request.parser';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const ISSUER = 'https://issuer.example/issuers/acme';
const base = {
  response_type: 'code',
  client_id: 'wallet-1',
  redirect_uri: 'https://wallet.example/cb',
  state: 'st-1',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
};

function expectError(fn: () => unknown, error: string, redirect: boolean): AuthorizationRequestError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof AuthorizationRequestError, `expected an AuthorizationRequestError, got ${String(caught)}`);
  assert.equal(caught.error, error);
  assert.equal(caught.redirectUri !== undefined, redirect, `redirect expected: ${redirect}`);
  return caught;
}

describe('parseAuthorizationRequest', () => {
  it('parses a full request and ignores unknown parameters', () => {
    const details = [
      {
        type: 'openid_credential',
        credential_configuration_id: 'pid',
        claims: [{ path: ['given_name'] }],
        format: 'x',
        locations: [ISSUER],
      },
    ];
    const request = parseAuthorizationRequest(
      {
        ...base,
        scope: 'openid pid pid',
        authorization_details: JSON.stringify(details),
        issuer_state: 'offer-state',
        ui_locales: 'de-CH en <bad>',
        resource: ISSUER,
        dpop_jkt: CHALLENGE,
        nonce: 'ignored',
        random_extra: ['a', 'b'],
      },
      { credentialIssuer: ISSUER },
    );
    assert.deepEqual(request, {
      responseType: 'code',
      clientId: 'wallet-1',
      redirectUri: 'https://wallet.example/cb',
      redirectUriSent: true,
      state: 'st-1',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
      scopes: ['openid', 'pid'],
      authorizationDetails: [
        { type: 'openid_credential', credential_configuration_id: 'pid', claims: [{ path: ['given_name'] }], locations: [ISSUER] },
      ],
      issuerState: 'offer-state',
      uiLocales: ['de-CH', 'en'],
      resource: [ISSUER],
      dpopJkt: CHALLENGE,
    });
  });

  it('accepts URLSearchParams, no state, and the single registered redirect URI when omitted', () => {
    const { redirect_uri: _omitted, state: _state, ...rest } = base;
    const request = parseAuthorizationRequest(new URLSearchParams(rest), { redirectUris: ['eudi-openid4ci://authorize'] });
    assert.equal(request.redirectUri, 'eudi-openid4ci://authorize');
    assert.equal(request.redirectUriSent, false);
    assert.equal(request.state, undefined);
  });

  it('does not redirect errors before client_id and redirect_uri are valid', () => {
    expectError(() => parseAuthorizationRequest({ ...base, client_id: undefined }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest({ ...base, client_id: ['a', 'b'] }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest({ ...base, redirect_uri: 'http://evil.example/cb' }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest({ ...base, redirect_uri: 'https://wallet.example/cb#x' }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest({ ...base, redirect_uri: ['https://a/cb', 'https://b/cb'] }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest(base, { redirectUris: ['https://other.example/cb'] }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest({ ...base, response_type: 5 }), 'invalid_request', false);
    expectError(() => parseAuthorizationRequest(base, { authenticatedClientId: 'someone-else' }), 'invalid_client', false);
  });

  const redirectable: [string, Record<string, unknown>, string][] = [
    ['missing response_type', { response_type: undefined }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['response_type code id_token', { response_type: 'code id_token' }, 'unsupported_response_type'],
    ['missing PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['PKCE without method', { code_challenge_method: undefined }, 'invalid_request'],
    ['malformed challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['repeated code_challenge', { code_challenge: [CHALLENGE, CHALLENGE] }, 'invalid_request'],
    ['request_uri in a direct request', { request_uri: 'urn:ietf:params:oauth:request_uri:abc' }, 'invalid_request'],
    ['request object', { request: 'eyJ.e30.x' }, 'invalid_request'],
    ['response_mode fragment', { response_mode: 'fragment' }, 'invalid_request'],
    ['bad scope characters', { scope: 'pid "x"' }, 'invalid_scope'],
    ['details not JSON', { authorization_details: '[{' }, 'invalid_authorization_details'],
    ['details of another type', { authorization_details: '[{"type":"payment_initiation"}]' }, 'invalid_authorization_details'],
    ['details without id', { authorization_details: '[{"type":"openid_credential"}]' }, 'invalid_authorization_details'],
    [
      'details for another issuer',
      {
        authorization_details: JSON.stringify([
          { type: 'openid_credential', credential_configuration_id: 'pid', locations: ['https://other'] },
        ]),
      },
      'invalid_authorization_details',
    ],
    ['bad issuer_state', { issuer_state: 'tab\there' }, 'invalid_request'],
    ['bad resource', { resource: 'not a uri' }, 'invalid_target'],
    ['bad dpop_jkt', { dpop_jkt: 'abc' }, 'invalid_request'],
  ];
  for (const [name, change, error] of redirectable) {
    it(`redirects ${error} for ${name} with the state`, () => {
      const e = expectError(() => parseAuthorizationRequest({ ...base, ...change }, { credentialIssuer: ISSUER }), error, true);
      assert.equal(e.redirectUri, base.redirect_uri);
      assert.equal(e.state, 'st-1');
      assert.doesNotMatch(e.message, /["\\]/);
    });
  }

  it('redirects a bad state without echoing it', () => {
    const e = expectError(() => parseAuthorizationRequest({ ...base, state: 'new\nline' }), 'invalid_request', true);
    assert.equal(e.state, undefined);
  });

  it('accepts a long state (FAPI: 384 characters) but not an unbounded one', () => {
    assert.equal(parseAuthorizationRequest({ ...base, state: 's'.repeat(384) }).state?.length, 384);
    expectError(() => parseAuthorizationRequest({ ...base, state: 's'.repeat(5000) }), 'invalid_request', true);
  });
});

describe('parsePushedAuthorizationRequest', () => {
  it('parses like the authorization endpoint', () => {
    assert.equal(parsePushedAuthorizationRequest(base).clientId, 'wallet-1');
  });

  it('refuses request_uri (RFC 9126 §2.1) and never returns a redirect', () => {
    expectError(
      () => parsePushedAuthorizationRequest({ ...base, request_uri: 'urn:ietf:params:oauth:request_uri:x' }),
      'invalid_request',
      false,
    );
    expectError(() => parsePushedAuthorizationRequest({ ...base, code_challenge_method: 'plain' }), 'invalid_request', false);
    expectError(() => parsePushedAuthorizationRequest({ ...base, response_type: 'token' }), 'unsupported_response_type', false);
  });

  it('requires client_id to equal the attested client', () => {
    assert.equal(parsePushedAuthorizationRequest(base, { authenticatedClientId: 'wallet-1' }).clientId, 'wallet-1');
    const e = expectError(() => parsePushedAuthorizationRequest(base, { authenticatedClientId: 'x' }), 'invalid_client', false);
    assert.equal(e.status, 401);
  });
});
