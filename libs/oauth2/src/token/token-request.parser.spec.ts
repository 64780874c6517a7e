import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTokenRequest } from './token-request.parser';

const PRE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describe('parseTokenRequest', () => {
  it('parses an authorization_code request', () => {
    const request = parseTokenRequest({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: 'https://w/cb',
      code_verifier: 'v',
      client_id: 'w',
      extra: 'x',
    });
    assert.deepEqual(request, {
      grantType: 'authorization_code',
      code: 'c',
      redirectUri: 'https://w/cb',
      codeVerifier: 'v',
      clientId: 'w',
    });
  });

  it('parses a refresh_token request with a narrowing scope', () => {
    assert.deepEqual(parseTokenRequest(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r', scope: 'pid pid mdl' })), {
      grantType: 'refresh_token',
      refreshToken: 'r',
      scopes: ['pid', 'mdl'],
    });
  });

  it('parses a pre-authorized request, ignoring user_pin and keeping resource and authorization_details', () => {
    const details = JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'pid', extra: 1 }]);
    const request = parseTokenRequest({
      grant_type: PRE,
      'pre-authorized_code': 'p',
      tx_code: '1234',
      user_pin: '1234',
      resource: ['https://a', 'https://b'],
      authorization_details: details,
    });
    assert.deepEqual(request, {
      grantType: PRE,
      preAuthorizedCode: 'p',
      txCode: '1234',
      resource: ['https://a', 'https://b'],
      authorizationDetails: [{ type: 'openid_credential', credential_configuration_id: 'pid' }],
    });
  });

  it('leaves PKCE to the grant check: a missing code_verifier parses', () => {
    assert.equal((parseTokenRequest({ grant_type: 'authorization_code', code: 'c' }) as { codeVerifier?: string }).codeVerifier, undefined);
  });

  const cases: [string, Record<string, unknown>, string, { allowedGrantTypes?: ('authorization_code' | 'refresh_token')[] }?][] = [
    ['missing grant_type', { code: 'c' }, 'invalid_request'],
    ['unknown grant', { grant_type: 'password' }, 'unsupported_grant_type'],
    ['client_credentials', { grant_type: 'client_credentials' }, 'unsupported_grant_type'],
    [
      'disabled refresh grant',
      { grant_type: 'refresh_token', refresh_token: 'r' },
      'unsupported_grant_type',
      { allowedGrantTypes: ['authorization_code'] },
    ],
    ['missing code', { grant_type: 'authorization_code' }, 'invalid_request'],
    ['missing refresh_token', { grant_type: 'refresh_token' }, 'invalid_request'],
    ['missing pre-authorized_code', { grant_type: PRE }, 'invalid_request'],
    ['repeated code', { grant_type: 'authorization_code', code: ['a', 'b'] }, 'invalid_request'],
    ['repeated grant_type', { grant_type: [PRE, PRE], 'pre-authorized_code': 'p' }, 'invalid_request'],
    ['repeated code_verifier', { grant_type: 'authorization_code', code: 'c', code_verifier: ['a', 'b'] }, 'invalid_request'],
    ['non-string value', { grant_type: PRE, 'pre-authorized_code': 5 }, 'invalid_request'],
    [
      'bad authorization_details',
      { grant_type: PRE, 'pre-authorized_code': 'p', authorization_details: '[{"type":"x"}]' },
      'invalid_request',
    ],
    ['control characters in client_id', { grant_type: 'authorization_code', code: 'c', client_id: 'a\nb' }, 'invalid_request'],
  ];
  for (const [name, body, error, options] of cases) {
    it(`refuses ${name} with ${error}`, () => {
      assert.throws(
        () => parseTokenRequest(body, options),
        (e: unknown) => {
          const err = e as { error: string; status: number };
          assert.equal(err.error, error);
          assert.equal(err.status, 400);
          return true;
        },
      );
    });
  }
});
