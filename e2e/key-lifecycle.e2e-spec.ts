import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer, credentialRequest, nonceRequest, preAuthorizedCodeOf, proofFor, tokenRequest } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`key lifecycle over the admin API (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  const issuerId = 'keys-lifecycle';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, { issuerId });
  });
  after(async () => platform?.stop());

  /** Offer → token → nonce → credential request with a fresh holder key; returns the raw credential response. */
  async function requestCredential() {
    const offer = await createOffer(admin, issuerId, fixture.profileId);
    const token = await tokenRequest(platform.baseUrl, issuerId, {
      'pre-authorized_code': await preAuthorizedCodeOf(offer.credentialOfferUri!),
    });
    assert.equal(token.status, 200);
    const holder = await new TestWallet().newHolderKey();
    const nonce = await nonceRequest(platform.baseUrl, issuerId);
    return credentialRequest(platform.baseUrl, issuerId, token.body.access_token, {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(holder, `${platform.baseUrl}/issuers/${issuerId}`, nonce)] },
    });
  }

  it('a new key is ACTIVE with signCount 0; signCount and lastUsedAt grow after an issuance', async () => {
    const fresh = await admin.get(`/api/v1/keys/${fixture.keyId}`);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.status, 'ACTIVE');
    assert.equal(typeof fresh.body.signCount, 'number');
    const before = fresh.body.signCount as number;
    const issued = await requestCredential();
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const after = await waitFor(
      'signCount flushed',
      async () => {
        const key = await admin.get(`/api/v1/keys/${fixture.keyId}`);
        return key.body.signCount > before ? key.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    assert.ok(after.lastUsedAt && !Number.isNaN(Date.parse(after.lastUsedAt)));
  });

  it('refuses to disable a key an active profile uses (409) unless forced; the credential request then fails cleanly', async () => {
    const refused = await admin.post(`/api/v1/keys/${fixture.keyId}/disable`, {});
    assert.equal(refused.status, 409);
    assert.equal(refused.body.status, 409);
    assert.equal((await admin.get(`/api/v1/keys/${fixture.keyId}`)).body.status, 'ACTIVE');

    const disabled = await admin.post(`/api/v1/keys/${fixture.keyId}/disable?force=true`, {});
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.equal(disabled.body.status, 'DISABLED');
    assert.equal(disabled.body.keyId, fixture.keyId);
    assert.ok(disabled.body.disabledAt);
    assert.equal((await admin.get(`/api/v1/keys/${fixture.keyId}`)).body.status, 'DISABLED');
    // Public metadata stays: verifiers of credentials already issued still find the key.
    const jwks = (await (await fetch(`${platform.baseUrl}/issuers/${issuerId}/jwks`)).json()) as { keys: { kid: string }[] };
    assert.ok(jwks.keys.some((k) => k.kid === fixture.publicJwk.kid));

    const denied = await requestCredential();
    assert.equal(denied.status, 400, `a disabled key must not produce a server error: ${JSON.stringify(denied.body)}`);
    assert.equal(denied.body.error, 'credential_request_denied');

    const enabled = await admin.post(`/api/v1/keys/${fixture.keyId}/enable`, {});
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.status, 'ACTIVE');
    assert.equal(enabled.body.disabledAt, null);
    const issued = await requestCredential();
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
  });

  it('disables and enables an unused key without force; both are idempotent', async () => {
    const key = await admin.post('/api/v1/keys', { type: 'ed25519' });
    const id = key.body.keyId as string;
    for (let i = 0; i < 2; i++) {
      const disabled = await admin.post(`/api/v1/keys/${id}/disable`, {});
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.status, 'DISABLED');
    }
    const listed = await admin.get('/api/v1/keys?limit=500');
    assert.equal(listed.body.items.find((k: { keyId: string }) => k.keyId === id).status, 'DISABLED');
    for (let i = 0; i < 2; i++) assert.equal((await admin.post(`/api/v1/keys/${id}/enable`, {})).body.status, 'ACTIVE');
    assert.equal((await admin.delete(`/api/v1/keys/${id}`)).status, 204);
  });

  it('answers 404 for an unknown or malformed key id, and 400 for an unknown query parameter', async () => {
    for (const action of ['disable', 'enable']) {
      assert.equal((await admin.post(`/api/v1/keys/00000000-0000-4000-8000-000000000000/${action}`, {})).status, 404);
      assert.equal((await admin.post(`/api/v1/keys/not-a-uuid/${action}`, {})).status, 404);
    }
    assert.equal((await admin.post(`/api/v1/keys/${fixture.keyId}/disable?force=yes`, {})).status, 400);
    assert.equal((await admin.post(`/api/v1/keys/${fixture.keyId}/disable?other=1`, {})).status, 400);
    const anonymous = await fetch(`${platform.baseUrl}/api/v1/keys/${fixture.keyId}/disable`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
  });
});
