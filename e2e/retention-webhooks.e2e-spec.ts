import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { WebhookReceiver } from './webhook-receiver';

const target = process.env.E2E_TARGET ?? 'standalone';

/** Retention never takes what a webhook still needs: a session with PENDING deliveries stays until they are delivered. */
describe(`data retention and pending webhooks (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let receiver: WebhookReceiver;
  let hooked: { issuerId: string; profileId: string };
  let quiet: { issuerId: string; profileId: string };

  before(async () => {
    receiver = new WebhookReceiver(Number.MAX_SAFE_INTEGER); // down until the test says otherwise
    const url = await receiver.start();
    platform = await startTarget({
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_DELAYS: '0s,500ms',
      WEBHOOK_MAX_ATTEMPTS: '1000',
      RETENTION_EXPIRED_GRACE: '1s',
    });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    hooked = await createSdJwtIssuer(admin, { issuerId: 'retention-hooked', profile: { notifications: { webhook: { url } } } });
    quiet = await createSdJwtIssuer(admin, { issuerId: 'retention-quiet' });
    // Sessions match only by being EXPIRED past the grace period, not by age.
    const config = { enabled: false, maxIssuerSessionAge: '30d', schedule: '0 3 * * *', dryRun: false, maxDeletePerRun: 100 };
    assert.equal((await admin.put('/api/v1/retention', config)).status, 200);
  });
  after(async () => {
    await platform?.stop();
    await receiver?.stop();
  });

  const sessionStatus = async (issuerId: string, sessionId: string) =>
    (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).status;

  it('an expired session whose webhook is still being retried survives a real run, and is purged once delivered', async () => {
    // Both expire in the same sweep or `plain` later: once `plain` is past the grace period, `pending` is too.
    const pending = await createOffer(admin, hooked.issuerId, hooked.profileId, { expiresInSeconds: 1 });
    const plain = await createOffer(admin, quiet.issuerId, quiet.profileId, { expiresInSeconds: 1 });
    await waitFor('a failed webhook attempt', () => receiver.received.some((r) => r.body.sessionId === pending.sessionId));
    await waitFor(
      'both sessions EXPIRED and past the grace period',
      async () => {
        const dry = await admin.post('/api/v1/retention/runs', { dryRun: true });
        const state = await admin.get(`/api/v1/issuers/${hooked.issuerId}/sessions/${pending.sessionId}`);
        return state.body.status === 'EXPIRED' && dry.body.sessionIds?.includes(plain.sessionId);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    const run = await admin.post('/api/v1/retention/runs', { dryRun: false });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.status, 'COMPLETED', JSON.stringify(run.body));
    assert.ok(run.body.sessionIds.includes(plain.sessionId));
    assert.ok(!run.body.sessionIds.includes(pending.sessionId), JSON.stringify(run.body));
    assert.equal(await sessionStatus(quiet.issuerId, plain.sessionId), 404);
    assert.equal(await sessionStatus(hooked.issuerId, pending.sessionId), 200, 'kept: its webhook deliveries are PENDING');
    const log = await admin.get(`/api/v1/issuers/${hooked.issuerId}/sessions/${pending.sessionId}/deliveries`);
    assert.ok(log.body.items.length >= 1 && log.body.items.every((d: { status: string }) => d.status === 'PENDING'));

    receiver.failNext(0);
    await waitFor(
      'every delivery of the session DELIVERED',
      async () => {
        const r = await admin.get(`/api/v1/issuers/${hooked.issuerId}/sessions/${pending.sessionId}/deliveries`);
        return r.body.items.length >= 2 && r.body.items.every((d: { status: string }) => d.status === 'DELIVERED');
      },
      { timeoutMs: 30_000 },
    );
    const events = receiver.delivered(pending.sessionId).map((r) => r.body.event);
    assert.deepEqual(events, ['credential_offer_created', 'issuance_status_changed']);

    const later = await admin.post('/api/v1/retention/runs', { dryRun: false });
    assert.equal(later.body.status, 'COMPLETED', JSON.stringify(later.body));
    assert.ok(later.body.sessionIds.includes(pending.sessionId));
    assert.equal(await sessionStatus(hooked.issuerId, pending.sessionId), 404);
  });
});
