import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

/**
 * A status list keeps the key it was created with. After the configuration moves on (the issuer's
 * statusListKeyId changes, the profile whose key signed a list is deleted) that key must stay in kms and in
 * /jwks, or revocations of credentials already issued could no longer be published or verified.
 */
describe(`status lists keep their signer keys after the configuration changes (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const issuerId = 'status-signers';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
  });
  after(async () => platform?.stop());

  const issuerUrl = () => `${platform.baseUrl}/issuers/${issuerId}`;
  const jwks = async () => (await (await fetch(`${issuerUrl()}/jwks`)).json()) as { keys: JWK[] };
  const issuerConfig = async () => {
    const { credentialIssuer: _url, createdAt: _c, updatedAt: _u, ...config } = (await admin.get(`/api/v1/issuers/${issuerId}`)).body;
    return config as Record<string, unknown>;
  };

  /** Issues one SD-JWT VC and returns its session and `status.status_list`. */
  async function issue(profileId: string): Promise<{ sessionId: string; idx: number; uri: string }> {
    const offer = await createOffer(admin, issuerId, profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    const { status } = decodeJwt(credential!.split('~')[0]!) as { status: { status_list: { idx: number; uri: string } } };
    return { sessionId: offer.sessionId, ...status.status_list };
  }

  /** Fetches the list and verifies it with the issuer's published /jwks only (no x5c here): its kid and one status. */
  async function listed(uri: string, idx: number): Promise<{ kid?: string; status: number }> {
    const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
    assert.equal(response.status, 200);
    const token = await response.text();
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(await jwks()), { typ: 'statuslist+jwt' });
    assert.equal(protectedHeader.x5c, undefined);
    return { kid: protectedHeader.kid, status: getListFromStatusListJWT(token).getStatus(idx) };
  }

  it('refuses to delete or disable a key that signs live lists, publishes it in /jwks, and keeps re-signing with it', async () => {
    const fixture = await createSdJwtIssuer(admin, { issuerId, profile: { credentialStatus: { type: 'TokenStatusList' } } });
    const profileKid = fixture.publicJwk.kid as string;
    // Signed by the profile key (no statusListKeyId yet).
    const first = await issue(fixture.profileId);
    assert.equal((await listed(first.uri, first.idx)).kid, profileKid);

    // The issuer gets a status key: new credentials land in a list it signs.
    const [keyA, keyB] = await Promise.all([1, 2].map(async () => (await admin.post('/api/v1/keys', { type: 'ed25519' })).body));
    assert.equal((await admin.put(`/api/v1/issuers/${issuerId}`, { ...(await issuerConfig()), statusListKeyId: keyA.keyId })).status, 200);
    const second = await issue(fixture.profileId);
    assert.notEqual(second.uri, first.uri);
    assert.equal((await listed(second.uri, second.idx)).kid, keyA.publicJwk.kid);

    // The configuration moves on: the profile is deleted and the status key replaced.
    assert.equal((await admin.delete(`/api/v1/issuers/${issuerId}/profiles/${fixture.profileId}`)).status, 204);
    const moved = await admin.put(`/api/v1/issuers/${issuerId}`, { ...(await issuerConfig()), statusListKeyId: keyB.keyId });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));

    // (a) Neither old key may be deleted or disabled while its list is live; the 409 names the list.
    for (const [keyId, uri] of [
      [fixture.keyId, first.uri],
      [keyA.keyId as string, second.uri],
    ]) {
      const refused = await admin.delete(`/api/v1/keys/${keyId}`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.match(refused.body.detail, /status list/);
      assert.ok(refused.body.detail.includes(uri), refused.body.detail);
      const disable = await admin.post(`/api/v1/keys/${keyId}/disable`, {});
      assert.equal(disable.status, 409, JSON.stringify(disable.body));
      assert.ok(disable.body.detail.includes(uri), disable.body.detail);
      assert.equal((await admin.get(`/api/v1/keys/${keyId}`)).body.status, 'ACTIVE');
    }
    const spare = (await admin.post('/api/v1/keys', { type: 'ed25519' })).body;
    assert.equal((await admin.delete(`/api/v1/keys/${spare.keyId}`)).status, 204, 'a key that signs nothing is still deletable');

    // (b) Both old keys stay published, in /jwks and in the jwt-vc-issuer metadata; the lists still verify.
    const published = (await jwks()).keys.map((k) => k.kid);
    for (const kid of [profileKid, keyA.publicJwk.kid, keyB.publicJwk.kid]) assert.ok(published.includes(kid), `${kid} in /jwks`);
    const metadata = (await (await fetch(`${platform.baseUrl}/.well-known/jwt-vc-issuer/issuers/${issuerId}`)).json()) as {
      jwks: { keys: JWK[] };
    };
    for (const kid of [profileKid, keyA.publicJwk.kid])
      assert.ok(
        metadata.jwks.keys.some((k) => k.kid === kid),
        `${kid} in metadata`,
      );
    assert.equal((await listed(first.uri, first.idx)).status, 0);
    assert.equal((await listed(second.uri, second.idx)).status, 0);

    // (c) Revocations after the change are published, each list re-signed with its own signer key.
    for (const { sessionId } of [first, second]) {
      const revoked = await admin.put(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/status`, { status: 'REVOKED' });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    }
    for (const [credential, kid] of [
      [first, profileKid],
      [second, keyA.publicJwk.kid as string],
    ] as const) {
      await waitFor(`revocation in ${credential.uri}`, async () => (await listed(credential.uri, credential.idx)).status === 1);
      assert.equal((await listed(credential.uri, credential.idx)).kid, kid);
    }
  });
});
