import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTokenRequest } from './token-request.parser';
import { buildTokenResponse } from './token-response.builder';

const PRE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describe('parseTokenRequest', () => {
  it('parses a pre-authorized request and ignores user_pin, resource and client_id', () => {
    const request = parseTokenRequest({
      grant_type: PRE,
      'pre-authorized_code': 'code',
      tx_code: '1234',
      user_pin: '1234',
      resource: ['https://a', 'https://b'],
      client_id: 'wallet',
    });
    assert.deepEqual(request, { grantType: 'pre-authorized_code', preAuthorizedCode: 'code', txCode: '1234' });
  });

  it('parses authorization_details and drops unknown members', () => {
    const details = JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'pid', claims: [], locations: ['x'] }]);
    const request = parseTokenRequest({ grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: details });
    assert.deepEqual(request.authorizationDetails, [{ type: 'openid_credential', credential_configuration_id: 'pid' }]);
  });

  it('treats single-element arrays and empty values like single and absent values', () => {
    assert.deepEqual(parseTokenRequest({ grant_type: [PRE], 'pre-authorized_code': ['c'], tx_code: '' }), {
      grantType: 'pre-authorized_code',
      preAuthorizedCode: 'c',
    });
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['missing grant_type', { 'pre-authorized_code': 'c' }, 'invalid_request'],
    ['authorization_code grant', { grant_type: 'authorization_code', code: 'x' }, 'unsupported_grant_type'],
    ['unknown grant', { grant_type: 'password' }, 'unsupported_grant_type'],
    ['missing code', { grant_type: PRE }, 'invalid_request'],
    ['repeated code', { grant_type: PRE, 'pre-authorized_code': ['a', 'b'] }, 'invalid_request'],
    ['repeated grant_type', { grant_type: [PRE, PRE], 'pre-authorized_code': 'c' }, 'invalid_request'],
    ['repeated tx_code', { grant_type: PRE, 'pre-authorized_code': 'c', tx_code: ['1', '2'] }, 'invalid_request'],
    ['non-string code', { grant_type: PRE, 'pre-authorized_code': 5 }, 'invalid_request'],
    ['details not JSON', { grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: '[{' }, 'invalid_request'],
    [
      'details not array',
      { grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: '{"type":"openid_credential"}' },
      'invalid_request',
    ],
    ['details empty', { grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: '[]' }, 'invalid_request'],
    [
      'details wrong type',
      { grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: '[{"type":"x","credential_configuration_id":"pid"}]' },
      'invalid_request',
    ],
    [
      'details without id',
      { grant_type: PRE, 'pre-authorized_code': 'c', authorization_details: '[{"type":"openid_credential"}]' },
      'invalid_request',
    ],
  ];
  for (const [name, form, error] of cases) {
    it(`rejects ${name} with ${error}`, () => {
      assert.throws(
        () => parseTokenRequest(form),
        (e: unknown) => {
          const err = e as { error: string; status: number; message: string };
          assert.equal(err.error, error);
          assert.equal(err.status, 400);
          assert.doesNotMatch(err.message, /["\\]/);
          return true;
        },
      );
    });
  }
});

describe('buildTokenResponse', () => {
  it('builds a bearer response without c_nonce', () => {
    assert.deepEqual(buildTokenResponse({ accessToken: 'at', expiresIn: 300, tokenType: 'Bearer' }), {
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 300,
    });
  });

  it('returns authorization_details with credential_identifiers', () => {
    const detail = { type: 'openid_credential' as const, credential_configuration_id: 'pid', credential_identifiers: ['pid-1', 'pid-2'] };
    const response = buildTokenResponse({ accessToken: 'at', expiresIn: 60, tokenType: 'DPoP', authorizationDetails: [detail] });
    assert.deepEqual(response.authorization_details, [detail]);
    assert.equal(response.token_type, 'DPoP');
  });

  it('refuses empty credential_identifiers', () => {
    assert.throws(
      () =>
        buildTokenResponse({
          accessToken: 'at',
          expiresIn: 60,
          tokenType: 'Bearer',
          authorizationDetails: [{ type: 'openid_credential', credential_configuration_id: 'pid', credential_identifiers: [] }],
        }),
      { error: 'server_error' },
    );
  });
});
