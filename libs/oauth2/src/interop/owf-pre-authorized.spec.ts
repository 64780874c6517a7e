// Interop: @openid4vc/oauth2 0.4.6 as wallet for the pre-authorized grant (with DPoP and an x5c client attestation),
// and its schemas and parsers reading what this lib builds (metadata, error challenges).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientAuthenticationClientAttestationJwt,
  createClientAttestationJwt,
  Oauth2Client,
  Oauth2ClientErrorResponseError,
  Oauth2ResourceUnauthorizedError,
  zAuthorizationServerMetadata,
  type AuthorizationServerMetadata,
} from '@openid4vc/oauth2';
import { buildAuthorizationServerMetadata } from '../metadata/authorization-server-metadata.builder';
import { dpopErrorFor } from '../dpop/dpop-error';
import { createTestPki } from '../test-support/pki.helper';
import { MiniAuthorizationServer } from './mini-authorization-server';
import { walletCallbacks, WalletKeys, type CapturedRequest } from './owf-wallet.helper';

const ISSUER = 'https://issuer.example/issuers/acme';
const PRE = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describe('interop: @openid4vc/oauth2 wallet, pre-authorized grant', () => {
  it('redeems a pre-authorized code with tx_code (user_pin ignored), DPoP and an x5c-chained client attestation', async () => {
    const pki = await createTestPki({ nowMs: Date.now(), intermediate: true });
    const keys = new WalletKeys();
    await keys.add(pki.leafKey, pki.x5c[0]);
    const instance = await keys.create();
    const dpopKey = await keys.create();
    const server = new MiniAuthorizationServer({ issuer: ISSUER, trust: { trustedCertificates: [pki.rootPem] } });
    server.preAuthorizedCodes.set('pre-1', { txCode: '493536' });
    const log: CapturedRequest[] = [];
    const base = walletCallbacks(keys, server.handle, log);
    const clientAttestationJwt = await createClientAttestationJwt({
      issuer: 'https://wallet-provider.example',
      clientId: 'wallet-app',
      expiresAt: new Date(Date.now() + 3_600_000),
      confirmation: { jwk: instance.publicJwk as never },
      callbacks: base,
      signer: { method: 'x5c', alg: 'ES256', x5c: pki.x5c },
    });
    const client = new Oauth2Client({
      callbacks: { ...base, clientAuthentication: clientAuthenticationClientAttestationJwt({ clientAttestationJwt, callbacks: base }) },
    });
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessToken({
      authorizationServerMetadata: server.metadata as unknown as AuthorizationServerMetadata,
      preAuthorizedCode: 'pre-1',
      txCode: '493536',
      resource: ISSUER,
      dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey.publicJwk as never } },
      additionalRequestPayload: { authorization_details: [{ type: 'openid_credential', credential_configuration_id: 'pid' }] },
    });
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    assert.deepEqual(accessTokenResponse.authorization_details, [
      { type: 'openid_credential', credential_configuration_id: 'pid', credential_identifiers: ['pid-1'] },
    ]);
    const sent = log[0] as CapturedRequest;
    assert.equal(sent.body.get('grant_type'), PRE);
    assert.equal(sent.body.get('user_pin'), '493536');
    assert.ok(sent.headers['dpop'] && sent.headers['oauth-client-attestation-pop']);
  });

  it('gets invalid_grant for a wrong tx_code and invalid_client for an untrusted attestation', async () => {
    const keys = new WalletKeys();
    const stranger = await keys.create();
    const instance = await keys.create();
    const server = new MiniAuthorizationServer({ issuer: ISSUER, trust: { trustedKeys: [] } });
    server.preAuthorizedCodes.set('pre-2', { txCode: '1111' });
    const base = walletCallbacks(keys, server.handle);
    const metadata = server.metadata as unknown as AuthorizationServerMetadata;
    const isError = (error: string) => (e: unknown) => e instanceof Oauth2ClientErrorResponseError && e.errorResponse.error === error;
    await assert.rejects(
      new Oauth2Client({ callbacks: base }).retrievePreAuthorizedCodeAccessToken({
        authorizationServerMetadata: metadata,
        preAuthorizedCode: 'pre-2',
        txCode: '2222',
      }),
      isError('invalid_grant'),
    );
    const clientAttestationJwt = await createClientAttestationJwt({
      issuer: 'https://evil.example',
      clientId: 'wallet-app',
      expiresAt: new Date(Date.now() + 3_600_000),
      confirmation: { jwk: instance.publicJwk as never },
      callbacks: base,
      signer: { method: 'jwk', alg: 'ES256', publicJwk: stranger.publicJwk as never },
    });
    const attested = new Oauth2Client({
      callbacks: { ...base, clientAuthentication: clientAuthenticationClientAttestationJwt({ clientAttestationJwt, callbacks: base }) },
    });
    await assert.rejects(
      attested.retrievePreAuthorizedCodeAccessToken({ authorizationServerMetadata: metadata, preAuthorizedCode: 'pre-2', txCode: '1111' }),
      isError('invalid_client'),
    );
  });
});

describe('interop: @openid4vc/oauth2 reads what this lib builds', () => {
  it('accepts the AS metadata with its schema', () => {
    const metadata = buildAuthorizationServerMetadata({
      credentialIssuer: ISSUER,
      dpopSigningAlgs: ['ES256'],
      clientAttestation: { required: true },
      scopes: ['pid'],
      jwksUri: `${ISSUER}/jwks`,
    });
    const parsed = zAuthorizationServerMetadata.safeParse(metadata);
    assert.ok(parsed.success, JSON.stringify(parsed.error));
    assert.deepEqual(parsed.data?.token_endpoint_auth_methods_supported, ['attest_jwt_client_auth']);
  });

  it('parses the resource endpoint WWW-Authenticate DPoP challenge', () => {
    const error = dpopErrorFor({ error: 'use_dpop_nonce', description: 'resource server needs a nonce' }, 'resource', {
      nonce: 'n-1',
      allowedAlgs: ['ES256', 'EdDSA'],
    });
    const parsed = Oauth2ResourceUnauthorizedError.fromHeaderValue(error.headers?.['WWW-Authenticate'] as string);
    const challenge = parsed.wwwAuthenticateHeaders[0];
    assert.equal(challenge?.scheme, 'DPoP');
    assert.equal(challenge?.error, 'use_dpop_nonce');
    assert.equal(challenge?.error_description, 'resource server needs a nonce');
    assert.equal((challenge as { algs?: string } | undefined)?.algs, 'ES256 EdDSA');
  });
});
