import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, NatsServerProcess, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer, PRE_AUTHORIZED_FLOW_EVENTS as FLOW } from './protocol-helpers';
import { signatureValid, WebhookReceiver } from './webhook-receiver';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`webhooks (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let receiver: WebhookReceiver;
  let nats: NatsServerProcess | undefined;
  let profileId: string;
  let secret: string;
  const issuerId = 'hooks';
  const bearerToken = 'receiver-token-0123456789';

  before(async () => {
    receiver = new WebhookReceiver(3);
    const url = await receiver.start();
    // Cluster: a private NATS server, so the test can stop it.
    if (target === 'cluster') nats = await NatsServerProcess.start();
    platform = await startTarget({
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_DELAYS: '0s,200ms,400ms',
      ...(nats ? { NATS_URL: nats.url } : {}),
    });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (
      await createSdJwtIssuer(admin, {
        issuerId,
        profile: { notifications: { webhook: { url, bearerToken } }, credentialData: { given_name: 'Ada' } },
      })
    ).profileId;
    const rotated = await admin.post(`/api/v1/issuers/${issuerId}/webhook-secret`, {});
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    secret = rotated.body.secret;
  });
  after(async () => {
    await platform?.stop();
    await receiver?.stop();
    await nats?.dispose();
  });

  it('masks the bearer token and never shows the signing secret again', async () => {
    const profile = await admin.get(`/api/v1/issuers/${issuerId}/profiles/${profileId}`);
    assert.equal(profile.body.notifications.webhook.bearerToken, '***');
    const status = await admin.get(`/api/v1/issuers/${issuerId}/webhook-secret`);
    assert.equal(status.status, 200);
    assert.equal(status.body.secret, undefined);
    assert.match(secret, /^whsec_/);
  });

  it('delivers every event of a session, in order, signed, through a receiver that fails its first attempts', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    await waitFor('every event delivered', () => receiver.delivered(offer.sessionId).length >= FLOW.length, { timeoutMs: 30_000 });

    const attempts = receiver.received.filter((r) => r.body.sessionId === offer.sessionId);
    const order = attempts.map((r) => FLOW.indexOf(r.body.event));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      `no event is sent before the previous one is delivered: ${order}`,
    );
    assert.deepEqual([...new Set(attempts.map((r) => r.body.event))], FLOW);
    assert.ok(attempts.filter((r) => r.answered === 503).length >= 1, 'the receiver failed the first attempts');
    for (const r of attempts) {
      assert.equal(r.headers['webhook-id'], r.body.id, 'webhook-id is the event id');
      assert.match(String(r.headers['webhook-timestamp']), /^\d{10}$/);
      assert.equal(r.headers.authorization, `Bearer ${bearerToken}`);
      assert.ok(signatureValid(secret, r.headers, r.raw), 'the signature verifies with the shown secret');
    }
    const ids = attempts.map((r) => r.headers['webhook-id']);
    assert.equal(new Set(ids).size, FLOW.length, 'retries keep the webhook-id');

    const log = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/deliveries`);
    assert.equal(log.status, 200);
    assert.deepEqual(
      log.body.items.map((d: { event: string }) => d.event),
      FLOW,
    );
    assert.ok(log.body.items.every((d: { status: string; deliveredAt: string }) => d.status === 'DELIVERED' && d.deliveredAt));
    assert.ok(log.body.items[0].attempts > 1, 'the first event needed retries');
  });

  it('redelivers an event on request (202) with the same webhook-id', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    await waitFor('the offer event delivered', () => receiver.delivered(offer.sessionId).length >= 1, { timeoutMs: 30_000 });
    const eventId = receiver.delivered(offer.sessionId)[0].body.id;
    const response = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/deliveries/${eventId}/redeliver`, {});
    assert.equal(response.status, 202);
    await waitFor('the redelivery', () => receiver.delivered(offer.sessionId).filter((r) => r.body.id === eventId).length === 2, {
      timeoutMs: 30_000,
    });
    const unknown = await admin.post(
      `/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`,
      {},
    );
    assert.equal(unknown.status, 404);
  });

  it('refuses webhook URLs outside OUTBOUND_ALLOWED_HOSTS at configuration time (400 naming the field)', async () => {
    const profile = await admin.get(`/api/v1/issuers/${issuerId}/profiles/${profileId}`);
    const { profileId: _p, issuerId: _i, version: _v, status: _s, createdAt: _c, updatedAt: _u, ...body } = profile.body;
    const refused = await admin.put(`/api/v1/issuers/${issuerId}/profiles/${profileId}`, {
      ...body,
      notifications: { webhook: { url: 'http://10.1.2.3/hook' } },
    });
    assert.equal(refused.status, 400);
    assert.ok(
      refused.body.errors.some((e: { path: string }) => e.path === 'notifications.webhook.url'),
      JSON.stringify(refused.body),
    );
    const override = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { notifications: { webhook: { url: 'http://169.254.169.254/latest' } } },
    });
    assert.equal(override.status, 400);
    assert.ok(override.body.errors.some((e: { path: string }) => e.path === 'runtimeOverrides.notifications.webhook.url'));
  });

  it('refuses a bearer token that is not an RFC 6750 b64token (400 naming the field)', async () => {
    const profile = await admin.get(`/api/v1/issuers/${issuerId}/profiles/${profileId}`);
    const { profileId: _p, issuerId: _i, version: _v, status: _s, createdAt: _c, updatedAt: _u, ...body } = profile.body;
    const url = profile.body.notifications.webhook.url;
    for (const token of ['a\nb', 'tok€n', 'two words']) {
      const refused = await admin.put(`/api/v1/issuers/${issuerId}/profiles/${profileId}`, {
        ...body,
        notifications: { webhook: { url, bearerToken: token } },
      });
      assert.equal(refused.status, 400, token);
      assert.ok(
        refused.body.errors.some((e: { path: string }) => e.path === 'notifications.webhook.bearerToken'),
        JSON.stringify(refused.body),
      );
      const override = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
        authMethod: 'PRE_AUTHORIZED',
        runtimeOverrides: { notifications: { webhook: { url, bearerToken: token } } },
      });
      assert.equal(override.status, 400, token);
      assert.ok(override.body.errors.some((e: { path: string }) => e.path === 'runtimeOverrides.notifications.webhook.bearerToken'));
    }
  });

  it(
    'delivers the events of an issuance during which NATS was down, after NATS is back',
    { skip: target !== 'cluster' && 'cluster only' },
    async () => {
      const offer = await createOffer(admin, issuerId, profileId);
      const wallet = new TestWallet();
      await nats!.kill('SIGKILL');
      // Offer retrieval and token need no other service: their events wait in the outbox.
      const offerUri = decodeURIComponent(offer.credentialOffer.split('credential_offer_uri=')[1]);
      const retrieved = await fetch(offerUri);
      assert.equal(retrieved.status, 200);
      await nats!.start();
      // Every process reconnects on its own schedule; the flow needs kms again (signing).
      await waitFor('kms reachable over NATS again', async () => (await admin.get('/api/v1/keys')).status === 200, { timeoutMs: 60_000 });
      await wallet.preAuthorizedFlow(offer.credentialOffer);
      await waitFor('the outage events delivered', () => receiver.delivered(offer.sessionId).length >= FLOW.length + 1, {
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      const events = receiver.delivered(offer.sessionId).map((r) => r.body.event);
      assert.deepEqual(events.slice(0, 2), ['credential_offer_created', 'credential_offer_retrieved']);
      assert.equal(events.at(-1), 'issuance_status_changed');
    },
  );
});
