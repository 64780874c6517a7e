import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer, credentialRequest, walletProof, walletToken } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const CONFIG = 'identity_sd_jwt';

/**
 * Issuance by `credential_identifier` (OID4VCI 1.0 §6.2, §8.2; API.md §10): a pre-authorized token request with
 * `authorization_details` (type `openid_credential`) is answered with the details and their `credential_identifiers`,
 * and the credential request then names one of them with `credential_identifier` instead of `credential_configuration_id`.
 * The wallet library builds the token request and the proofs; it always sends `credential_configuration_id`, so the
 * credential request is sent by hand.
 */
describe(`issuance by credential_identifier after authorization_details in the token request (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  const issuerId = 'identifiers';
  const credentialIssuer = () => `${platform.baseUrl}/issuers/${issuerId}`;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (await createSdJwtIssuer(admin, { issuerId })).profileId;
  });
  after(async () => platform?.stop());

  /** Offer, metadata and token by the wallet library, with `authorization_details` when given. */
  async function token(authorizationDetails?: unknown[]) {
    const offer = await createOffer(admin, issuerId, profileId);
    const wallet = new TestWallet();
    const { issuerMetadata, accessTokenResponse } = await walletToken(
      wallet,
      offer.credentialOffer,
      authorizationDetails ? { authorization_details: JSON.stringify(authorizationDetails) } : undefined,
    );
    /** A proof by the library for a new holder key, on a fresh nonce. */
    const proof = async () => {
      const { c_nonce } = await wallet.client.requestNonce({ issuerMetadata });
      const { holder, jwt } = await walletProof(wallet, issuerMetadata, CONFIG, c_nonce);
      return { holder, proofs: { jwt: [jwt] } };
    };
    return { sessionId: offer.sessionId, accessTokenResponse, accessToken: accessTokenResponse.access_token, proof };
  }

  it('answers authorization_details with credential_identifiers and issues for a credential_identifier', async () => {
    const details = [{ type: 'openid_credential', credential_configuration_id: CONFIG }];
    const { sessionId, accessTokenResponse, accessToken, proof } = await token(details);
    const granted = accessTokenResponse['authorization_details'] as Record<string, unknown>[] | undefined;
    assert.ok(Array.isArray(granted) && granted.length === 1, JSON.stringify(accessTokenResponse));
    assert.equal(granted[0]!['type'], 'openid_credential');
    assert.equal(granted[0]!['credential_configuration_id'], CONFIG);
    const identifiers = granted[0]!['credential_identifiers'] as string[];
    assert.ok(Array.isArray(identifiers) && identifiers.length >= 1 && identifiers.every((id) => typeof id === 'string' && id.length > 0));

    // With identifiers in the token response, the configuration id no longer selects the credential (§8.2).
    const byConfiguration = await credentialRequest(platform.baseUrl, issuerId, accessToken, {
      credential_configuration_id: CONFIG,
      proofs: (await proof()).proofs,
    });
    assert.equal(byConfiguration.status, 400);
    assert.equal(byConfiguration.body.error, 'invalid_credential_request');
    const unknown = await credentialRequest(platform.baseUrl, issuerId, accessToken, {
      credential_identifier: `${identifiers[0]}-not-granted`,
      proofs: (await proof()).proofs,
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'unknown_credential_identifier');

    const { holder, proofs } = await proof();
    const issued = await credentialRequest(platform.baseUrl, issuerId, accessToken, { credential_identifier: identifiers[0], proofs });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.credentials.length, 1);
    const jwks = (await (await fetch(`${credentialIssuer()}/jwks`)).json()) as { keys: never[] };
    const { payload, claims } = await verifySdJwtVc(issued.body.credentials[0].credential, jwks, { iss: credentialIssuer() });
    assert.equal(payload.vct, `${credentialIssuer()}/types/${CONFIG}`);
    assert.equal(claims.family_name, 'Mustermann');
    assert.equal(await calculateJwkThumbprint(payload.cnf.jwk), await calculateJwkThumbprint(holder.publicJwk), 'bound to the proof key');

    const session = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`);
    assert.equal(session.body.status, 'SUCCESSFUL');
    assert.deepEqual(
      session.body.credentials.map((c: { credentialConfigurationId: string }) => c.credentialConfigurationId),
      [CONFIG],
    );
  });

  it('without authorization_details the token response has none, and a credential_identifier is unknown', async () => {
    const { accessTokenResponse, accessToken, proof } = await token();
    assert.equal(accessTokenResponse['authorization_details'], undefined);
    const refused = await credentialRequest(platform.baseUrl, issuerId, accessToken, {
      credential_identifier: CONFIG,
      proofs: (await proof()).proofs,
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'unknown_credential_identifier');
    const issued = await credentialRequest(platform.baseUrl, issuerId, accessToken, {
      credential_configuration_id: CONFIG,
      proofs: (await proof()).proofs,
    });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
  });
});
