import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer, walletProof, walletToken } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

/**
 * API.md §10 "events without a session": the nonce endpoint is public (OID4VCI 1.0 §7), so its events are
 * issuer-wide, unless the wallet sends its access token with the nonce request: the `nonce_request_succeeded` event
 * then carries that session's id and shows in the session's event stream (from another replica in cluster mode).
 */
describe(`nonce_request events attached to the session of the access token sent (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  const issuerId = 'nonce-sessions';
  const auth = () => ({ authorization: `Bearer ${platform.adminKey}` });
  const lastEdge = () => platform.edges[platform.edges.length - 1]!;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (await createSdJwtIssuer(admin, { issuerId })).profileId;
  });
  after(async () => platform?.stop());

  /** POST /nonce by hand (the wallet library sends no Authorization there), tagged with a request id to find its event. */
  async function nonce(authorization?: string): Promise<{ cNonce: string; requestId: string }> {
    const requestId = `nonce-${randomUUID()}`;
    const response = await fetch(`${platform.baseUrl}/issuers/${issuerId}/nonce`, {
      method: 'POST',
      headers: { 'x-request-id': requestId, ...(authorization ? { authorization } : {}) },
    });
    assert.equal(response.status, 200, 'the nonce is served whatever the Authorization header says');
    assert.equal(response.headers.get('x-request-id'), requestId);
    return { cNonce: ((await response.json()) as { c_nonce: string }).c_nonce, requestId };
  }

  it('a nonce request with the access token shows in the session timeline; the nonce then serves the credential request', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const wallet = new TestWallet();
    const { credentialOffer, issuerMetadata, accessToken } = await walletToken(wallet, offer.credentialOffer);

    const withToken = await nonce(`Bearer ${accessToken}`);
    const credentialConfigurationId = credentialOffer.credential_configuration_ids[0]!;
    const { jwt } = await walletProof(wallet, issuerMetadata, credentialConfigurationId, withToken.cNonce);
    const { credentialResponse } = await wallet.client.retrieveCredentials({
      issuerMetadata,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
      accessToken,
    });
    assert.equal(credentialResponse.credentials?.length, 1);

    // The session stream replays the session's past events, in order.
    const stream = new SseReader(`${lastEdge()}/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events`, auth());
    assert.equal(await stream.status, 200);
    await stream.waitFor((e) => e.event === 'issuance_status_changed');
    stream.close();
    assert.deepEqual(
      stream.events.map((e) => e.event),
      [
        'credential_offer_created',
        'credential_offer_retrieved',
        'token_request_pre_authorized_code_succeeded',
        'nonce_request_succeeded',
        'credential_request_sd_jwt_vc_succeeded',
        'issuance_status_changed',
      ],
    );
    const event = stream.events.find((e) => e.event === 'nonce_request_succeeded')!;
    assert.equal(event.data.sessionId, offer.sessionId);
    assert.equal(event.data.profileId, profileId);
    assert.equal(event.data.issuerId, issuerId);
    assert.equal(event.data.requestId, withToken.requestId, 'it is the event of the nonce request that carried the token');
  });

  it('without a token, with one the issuer did not issue or with another scheme, the nonce event stays issuer-wide', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const { accessToken } = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const stream = new SseReader(`${lastEdge()}/api/v1/issuers/${issuerId}/events`, auth());
    assert.equal(await stream.status, 200);
    // The issuer stream is live only: wait until it carries something sent after it opened.
    const marker = await createOffer(admin, issuerId, profileId);
    await stream.waitFor((e) => e.event === 'credential_offer_created' && e.data.sessionId === marker.sessionId);

    const sessionless = [await nonce(), await nonce(`Bearer ${randomUUID()}`), await nonce(`Basic ${accessToken}`)];
    const withToken = await nonce(`Bearer ${accessToken}`);
    for (const { requestId } of sessionless) {
      const event = await stream.waitFor((e) => e.event === 'nonce_request_succeeded' && e.data.requestId === requestId);
      assert.equal(event.data.sessionId, undefined, 'no session');
      assert.equal(event.data.profileId, undefined);
    }
    const attached = await stream.waitFor((e) => e.event === 'nonce_request_succeeded' && e.data.requestId === withToken.requestId);
    assert.equal(attached.data.sessionId, offer.sessionId, 'the issuer stream shows it with its session');
    stream.close();
  });
});
