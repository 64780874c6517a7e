import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer, PRE_AUTHORIZED_FLOW_EVENTS as FLOW } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';
import { WebhookReceiver } from './webhook-receiver';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'overrides';

/**
 * `runtimeOverrides.credentialStatus` and `runtimeOverrides.notifications` (API.md §6) replace the profile's for one
 * offer: the credential of that offer carries a status list entry the profile does not configure, and the events of
 * that session go to the override's webhook (with its bearer token) instead of the profile's.
 */
describe(`per-offer credentialStatus and notifications overrides (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  const profileHook = new WebhookReceiver(0);
  const offerHook = new WebhookReceiver(0);
  let profileHookUrl: string;
  let offerHookUrl: string;

  before(async () => {
    profileHookUrl = await profileHook.start();
    offerHookUrl = await offerHook.start();
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_DELAYS: '0s,200ms,400ms' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (
      await createSdJwtIssuer(admin, {
        issuerId: ISSUER_ID,
        profile: { notifications: { webhook: { url: profileHookUrl, bearerToken: 'profile-token' } } },
      })
    ).profileId;
  });
  after(async () => {
    await platform?.stop();
    await profileHook.stop();
    await offerHook.stop();
  });

  const ci = () => `${platform.baseUrl}/issuers/${ISSUER_ID}`;
  const jwks = async () => (await (await fetch(`${ci()}/jwks`)).json()) as { keys: JWK[] };
  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).body;
  async function issue(body: Record<string, unknown> = {}) {
    const offer = await createOffer(admin, ISSUER_ID, profileId, body);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    return { sessionId: offer.sessionId, verified: await verifySdJwtVc(credential!, await jwks(), { iss: ci() }) };
  }
  /** The Token Status List at `uri`, its signature checked against the issuer's JWKS, read at `idx`. */
  async function statusAt(uri: string, idx: number): Promise<number> {
    const token = await (await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } })).text();
    await jwtVerify(token, createLocalJWKSet(await jwks()), { typ: 'statuslist+jwt', issuer: ci() });
    return getListFromStatusListJWT(token).getStatus(idx);
  }

  it('credentialStatus: the overriding offer gets a Token Status List entry that allows suspension; the profile has none', async () => {
    const plain = await issue();
    assert.equal(plain.verified.payload['status'], undefined, 'the profile configures no status');
    assert.equal((await session(plain.sessionId)).credentials[0].status, undefined);

    const { sessionId, verified } = await issue({
      runtimeOverrides: { credentialStatus: { type: 'TokenStatusList', purpose: 'suspension' } },
    });
    const entry = verified.payload['status']?.status_list as { idx: number; uri: string };
    assert.ok(Number.isInteger(entry?.idx), JSON.stringify(verified.payload));
    assert.match(entry.uri, new RegExp(`^${platform.baseUrl}/status-lists/[0-9a-f-]{36}$`));
    assert.equal(await statusAt(entry.uri, entry.idx), 0);
    const view = await session(sessionId);
    assert.deepEqual(view.credentials[0].status, { type: 'TokenStatusList', uri: entry.uri, index: entry.idx, value: 'VALID' });

    // Suspension is what the override's purpose adds: the list then needs 2 bits per entry, 2 = SUSPENDED.
    const suspended = await admin.put(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}/status`, { status: 'SUSPENDED' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    await waitFor('the list shows the suspension', async () => (await statusAt(entry.uri, entry.idx)) === 2);
  });

  it("notifications: the overriding offer's events go to its webhook with its bearer token, not to the profile's", async () => {
    const overridden = await issue({
      runtimeOverrides: { notifications: { webhook: { url: offerHookUrl, bearerToken: 'offer-token' } } },
    });
    const plain = await issue();
    await waitFor('every event of both sessions delivered', () =>
      offerHook.delivered(overridden.sessionId).length >= FLOW.length && profileHook.delivered(plain.sessionId).length >= FLOW.length
        ? true
        : undefined,
    );
    const toOffer = offerHook.delivered(overridden.sessionId);
    assert.deepEqual(
      toOffer.map((r) => r.body.event),
      FLOW,
    );
    assert.ok(toOffer.every((r) => r.headers.authorization === 'Bearer offer-token'));
    assert.deepEqual(profileHook.delivered(overridden.sessionId), [], "the profile's webhook hears nothing of the overriding offer");
    assert.deepEqual(offerHook.delivered(plain.sessionId), [], 'the override is for its offer only');
    assert.ok(profileHook.delivered(plain.sessionId).every((r) => r.headers.authorization === 'Bearer profile-token'));

    const log = await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${overridden.sessionId}/deliveries`);
    assert.equal(log.status, 200);
    assert.deepEqual(new Set(log.body.items.map((d: { url: string }) => d.url)), new Set([offerHookUrl]));
    assert.ok(log.body.items.every((d: { status: string }) => d.status === 'DELIVERED'));
  });
});
