// Interop: the independent wallet library @openid4vc/oauth2 0.4.6 runs the authorization code flow (PAR + PKCE +
// DPoP with server nonces + client attestation) against an AS built from this lib (mini-authorization-server.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientAuthenticationClientAttestationJwt,
  createClientAttestationJwt,
  Oauth2Client,
  Oauth2ClientErrorResponseError,
  parseAuthorizationResponseRedirectUrl,
  resourceRequest,
  verifyAuthorizationResponse,
  type AuthorizationServerMetadata,
} from '@openid4vc/oauth2';
import { createS256CodeChallenge } from '../pkce/pkce';
import { sha256 } from '../test-support/crypto.helper';
import { MiniAuthorizationServer } from './mini-authorization-server';
import { walletCallbacks, WalletKeys, type CapturedRequest } from './owf-wallet.helper';

const ISSUER = 'https://issuer.example/issuers/acme';
const REDIRECT = 'https://wallet.example/cb';

async function setup(options: { requireDpopNonce?: boolean } = {}) {
  const keys = new WalletKeys();
  const attester = await keys.create();
  const instance = await keys.create();
  const dpopKey = await keys.create('EdDSA');
  const server = new MiniAuthorizationServer({
    issuer: ISSUER,
    trust: { trustedKeys: [attester.publicJwk as Record<string, unknown>] },
    ...options,
  });
  const log: CapturedRequest[] = [];
  const base = walletCallbacks(keys, server.handle, log);
  const clientAttestationJwt = await createClientAttestationJwt({
    issuer: 'https://wallet-provider.example',
    clientId: 'wallet-app',
    expiresAt: new Date(Date.now() + 3_600_000),
    confirmation: { jwk: instance.publicJwk as never },
    callbacks: base,
    signer: { method: 'jwk', alg: 'ES256', publicJwk: attester.publicJwk as never },
  });
  const callbacks = { ...base, clientAuthentication: clientAuthenticationClientAttestationJwt({ clientAttestationJwt, callbacks: base }) };
  const metadata = server.metadata as unknown as AuthorizationServerMetadata;
  return {
    server,
    log,
    callbacks,
    client: new Oauth2Client({ callbacks }),
    metadata,
    dpop: { signer: { method: 'jwk' as const, alg: 'EdDSA', publicJwk: dpopKey.publicJwk as never } },
  };
}

describe('interop: @openid4vc/oauth2 wallet, authorization code flow', () => {
  it('runs PAR + PKCE + DPoP (nonce retries) + client attestation, token, refresh and a DPoP resource request', async () => {
    const { server, log, client, callbacks, metadata, dpop } = await setup({ requireDpopNonce: true });
    assert.ok(client.isDpopSupported({ authorizationServerMetadata: metadata }).supported);
    assert.ok(client.isClientAttestationSupported({ authorizationServerMetadata: metadata }).supported);

    const authorization = await client.createAuthorizationRequestUrl({
      authorizationServerMetadata: metadata,
      clientId: 'wallet-app',
      redirectUri: REDIRECT,
      scope: 'pid',
      state: 'wallet-state',
      dpop,
      additionalRequestPayload: {
        issuer_state: 'offer-123',
        authorization_details: [{ type: 'openid_credential', credential_configuration_id: 'pid' }],
      },
    });
    // First PAR attempt got use_dpop_nonce (400 + DPoP-Nonce), the wallet retried with the nonce.
    const pars = log.filter((r) => r.url === `${ISSUER}/par`);
    assert.equal(pars.length, 2);
    assert.equal(pars[0]?.body.get('code_challenge_method'), 'S256');
    assert.equal(pars[0]?.body.get('code_challenge'), await createS256CodeChallenge(authorization.pkce?.codeVerifier as string, sha256));
    assert.ok(pars[1]?.headers['oauth-client-attestation'] && pars[1]?.headers['oauth-client-attestation-pop']);

    const location = server.authorize(authorization.authorizationRequestUrl);
    const response = parseAuthorizationResponseRedirectUrl({ url: location });
    verifyAuthorizationResponse({ authorizationResponse: response, authorizationServerMetadata: metadata }); // RFC 9207 iss
    assert.equal(response.state, 'wallet-state');

    const { accessTokenResponse, dpop: tokenDpop } = await client.retrieveAuthorizationCodeAccessToken({
      authorizationServerMetadata: metadata,
      authorizationCode: (response as { code: string }).code,
      pkceCodeVerifier: authorization.pkce?.codeVerifier,
      redirectUri: REDIRECT,
      dpop: authorization.dpop ?? dpop,
    });
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    assert.ok(accessTokenResponse.refresh_token);

    // Resource request: the first proof has no resource nonce → 401 WWW-Authenticate DPoP use_dpop_nonce → retry.
    const resource = await resourceRequest({
      callbacks,
      accessToken: accessTokenResponse.access_token,
      url: `${ISSUER}/credential`,
      requestOptions: { method: 'POST' },
      dpop: { ...dpop, nonce: undefined },
    });
    assert.equal(resource.ok, true, JSON.stringify(log.at(-1)));
    assert.equal(log.filter((r) => r.url === `${ISSUER}/credential`).length, 2);
    assert.match(log.at(-1)?.headers['authorization'] ?? '', /^DPoP /);

    const refreshed = await client.retrieveRefreshTokenAccessToken({
      authorizationServerMetadata: metadata,
      refreshToken: accessTokenResponse.refresh_token as string,
      dpop: tokenDpop ?? dpop,
    });
    assert.equal(refreshed.accessTokenResponse.token_type, 'DPoP');
    assert.notEqual(refreshed.accessTokenResponse.refresh_token, accessTokenResponse.refresh_token);
  });

  it('surfaces invalid_grant to the wallet for a wrong code_verifier, and for a reused code', async () => {
    const { server, client, metadata, dpop } = await setup();
    const authorization = await client.createAuthorizationRequestUrl({
      authorizationServerMetadata: metadata,
      clientId: 'wallet-app',
      redirectUri: REDIRECT,
      scope: 'pid',
      dpop,
    });
    const code = (
      parseAuthorizationResponseRedirectUrl({ url: server.authorize(authorization.authorizationRequestUrl) }) as { code: string }
    ).code;
    const attempt = (verifier: string) =>
      client.retrieveAuthorizationCodeAccessToken({
        authorizationServerMetadata: metadata,
        authorizationCode: code,
        pkceCodeVerifier: verifier,
        redirectUri: REDIRECT,
        dpop,
      });
    const isError = (error: string) => (e: unknown) => e instanceof Oauth2ClientErrorResponseError && e.errorResponse.error === error;
    await assert.rejects(attempt('x'.repeat(43)), isError('invalid_grant'));
    await assert.rejects(attempt(authorization.pkce?.codeVerifier as string), isError('invalid_grant')); // consumed by the first try
  });

  it('surfaces invalid_dpop_proof when the token request is signed by another key than the PAR proof', async () => {
    const { server, client, metadata, dpop } = await setup();
    const authorization = await client.createAuthorizationRequestUrl({
      authorizationServerMetadata: metadata,
      clientId: 'wallet-app',
      redirectUri: REDIRECT,
      dpop,
    });
    const code = (
      parseAuthorizationResponseRedirectUrl({ url: server.authorize(authorization.authorizationRequestUrl) }) as { code: string }
    ).code;
    const keys = new WalletKeys();
    const other = await keys.create();
    const otherClient = new Oauth2Client({ callbacks: { ...walletCallbacks(keys, server.handle), clientAuthentication: () => undefined } });
    await assert.rejects(
      otherClient.retrieveAuthorizationCodeAccessToken({
        authorizationServerMetadata: metadata,
        authorizationCode: code,
        pkceCodeVerifier: authorization.pkce?.codeVerifier,
        redirectUri: REDIRECT,
        additionalRequestPayload: { client_id: 'wallet-app' },
        dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: other.publicJwk as never } },
      }),
      (e: unknown) => e instanceof Oauth2ClientErrorResponseError && e.errorResponse.error === 'invalid_dpop_proof',
    );
  });
});
