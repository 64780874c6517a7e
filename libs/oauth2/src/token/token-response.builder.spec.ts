import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTokenResponse, NO_STORE_HEADERS } from './token-response.builder';

describe('buildTokenResponse', () => {
  it('builds a Bearer response without c_nonce', () => {
    assert.deepEqual(buildTokenResponse({ accessToken: 'at', tokenType: 'Bearer', expiresIn: 600 }), {
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 600,
    });
  });

  it('builds a DPoP response with refresh token, scope and authorization_details with credential_identifiers', () => {
    const detail = { type: 'openid_credential' as const, credential_configuration_id: 'pid', credential_identifiers: ['pid-1', 'pid-2'] };
    assert.deepEqual(
      buildTokenResponse({
        accessToken: 'at',
        tokenType: 'DPoP',
        expiresIn: 60,
        refreshToken: 'rt',
        scopes: ['mdl'],
        authorizationDetails: [detail],
      }),
      { access_token: 'at', token_type: 'DPoP', expires_in: 60, refresh_token: 'rt', scope: 'mdl', authorization_details: [detail] },
    );
  });

  it('refuses empty credential_identifiers and a bad expires_in (programming errors)', () => {
    const detail = { type: 'openid_credential' as const, credential_configuration_id: 'pid', credential_identifiers: [] };
    assert.throws(
      () => buildTokenResponse({ accessToken: 'at', tokenType: 'Bearer', expiresIn: 60, authorizationDetails: [detail] }),
      TypeError,
    );
    assert.throws(() => buildTokenResponse({ accessToken: 'at', tokenType: 'Bearer', expiresIn: 0 }), TypeError);
  });

  it('names the no-store header', () => {
    assert.deepEqual({ ...NO_STORE_HEADERS }, { 'Cache-Control': 'no-store' });
  });
});
