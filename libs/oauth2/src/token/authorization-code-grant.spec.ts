import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../test-support/crypto.helper';
import { verifyAuthorizationCodeGrant, type IssuedAuthorizationCode } from './authorization-code-grant';
import type { AuthorizationCodeTokenRequest } from './token-request.parser';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const NOW = 1_760_000_000;
const issued: IssuedAuthorizationCode = {
  clientId: 'wallet',
  redirectUri: 'https://w.example/cb',
  redirectUriSent: true,
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  expiresAtSeconds: NOW + 30,
};
const request: AuthorizationCodeTokenRequest = {
  grantType: 'authorization_code',
  code: 'c',
  clientId: 'wallet',
  redirectUri: 'https://w.example/cb',
  codeVerifier: VERIFIER,
};
const check = (
  r: Partial<AuthorizationCodeTokenRequest>,
  i: Partial<IssuedAuthorizationCode> = {},
  context: Record<string, unknown> = {},
) => verifyAuthorizationCodeGrant({ ...request, ...r }, { ...issued, ...i }, { nowSeconds: NOW, ...context }, { hash: sha256 });

async function expectFailure(result: ReturnType<typeof check>, error: string) {
  const r = await result;
  assert.equal(r.verified, false);
  if (!r.verified) assert.equal(r.error, error);
}

describe('verifyAuthorizationCodeGrant', () => {
  it('accepts the matching client, redirect URI and verifier', async () => {
    assert.deepEqual(await check({}), { verified: true });
  });

  it('accepts an attested client without client_id and an omitted redirect_uri that was omitted before', async () => {
    assert.deepEqual(
      await check({ clientId: undefined, redirectUri: undefined }, { redirectUriSent: false }, { authenticatedClientId: 'wallet' }),
      { verified: true },
    );
  });

  it('refuses a wrong code_verifier, a missing one, an expired code, another client or redirect URI', async () => {
    await expectFailure(check({ codeVerifier: `${VERIFIER.slice(0, -1)}Y` }), 'invalid_grant');
    await expectFailure(check({ codeVerifier: undefined }), 'invalid_grant');
    await expectFailure(check({}, { expiresAtSeconds: NOW }), 'invalid_grant');
    await expectFailure(check({ clientId: 'other' }), 'invalid_grant');
    await expectFailure(check({ clientId: undefined }, {}, { authenticatedClientId: 'other' }), 'invalid_grant');
    await expectFailure(check({}, {}, { authenticatedClientId: 'other' }), 'invalid_grant');
    await expectFailure(check({ redirectUri: 'https://w.example/cb2' }), 'invalid_grant');
    await expectFailure(check({ redirectUri: undefined }), 'invalid_grant');
    await expectFailure(
      check({ redirectUri: 'https://w.example/cb' }, { redirectUriSent: false, redirectUri: 'https://w.example/other' }),
      'invalid_grant',
    );
  });

  it('requires a client identification from public clients', async () => {
    await expectFailure(check({ clientId: undefined }), 'invalid_request');
  });

  it('requires a DPoP proof with the key the code is bound to', async () => {
    const jkt = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    assert.deepEqual(await check({}, { dpopJkt: jkt }, { dpopJkt: jkt }), { verified: true });
    await expectFailure(check({}, { dpopJkt: jkt }), 'invalid_dpop_proof');
    await expectFailure(check({}, { dpopJkt: jkt }, { dpopJkt: 'other' }), 'invalid_dpop_proof');
  });
});
