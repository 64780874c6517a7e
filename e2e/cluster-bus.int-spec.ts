import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import { AdminClient, createSdJwtIssuer, startCluster, TEST_NATS_URL, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

/**
 * The distributed mode as internal services see it: every service process answers on the bus, and the
 * issuance events are on JetStream stream ISSUER_EVENTS under `issuer.events.v1.<issuer>.<session>.<event>`.
 */
describe('distributed mode: services on NATS and events on JetStream', () => {
  let platform: RunningPlatform;
  let nc: NatsConnection;

  before(async () => {
    platform = await startCluster();
    nc = await connect({ servers: platform.natsUrl ?? TEST_NATS_URL });
  });
  after(async () => {
    await nc?.drain();
    await platform?.stop();
  });

  it('every service joins the bus and reports ready', async () => {
    for (const service of ['issuer-api', 'kms', 'did-registry', 'status-list', 'notifications', 'data-retention']) {
      const reply = await nc.request(`${service}.health.ping.v1`, new TextEncoder().encode('{}'), { timeout: 3000 });
      const body = JSON.parse(new TextDecoder().decode(reply.data));
      assert.equal(body.ok, true, service);
      assert.equal(body.data.service, service);
    }
    for (const edge of platform.edges) {
      const ready = (await (await fetch(`${edge}/health/ready`)).json()) as { status: string; checks: Record<string, string> };
      assert.equal(ready.status, 'ok');
      assert.equal(ready.checks.bus, 'up');
      assert.equal(ready.checks['database:issuer_api'], 'up');
    }
  });

  it('publishes the session events to JetStream in order, on the documented subjects', async () => {
    const admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const issuerId = `bus-${Date.now().toString(36)}`;
    const { profileId } = await createSdJwtIssuer(admin, { issuerId });
    const offer = await createOffer(admin, issuerId, profileId);
    await new TestWallet().preAuthorizedFlow(offer.credentialOffer);

    const jsm = await nc.jetstreamManager();
    const filter = `issuer.events.v1.${issuerId}.${offer.sessionId}.*`;
    const consumer = await jsm.consumers.add('ISSUER_EVENTS', {
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const js = nc.jetstream();
    const reader = await js.consumers.get('ISSUER_EVENTS', consumer.name);
    const expected = [
      'credential_offer_created',
      'credential_offer_retrieved',
      'token_request_pre_authorized_code_succeeded',
      'credential_request_sd_jwt_vc_succeeded',
      'issuance_status_changed',
    ];
    const received: { subject: string; event: string; sessionId: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (received.length < expected.length && Date.now() < deadline) {
      const batch = await reader.fetch({ max_messages: 10, expires: 1000 });
      for await (const message of batch) {
        received.push({ subject: message.subject, ...JSON.parse(new TextDecoder().decode(message.data)) });
        message.ack();
      }
    }
    await jsm.consumers.delete('ISSUER_EVENTS', consumer.name);
    assert.deepEqual(
      received.map((r) => r.event),
      expected,
    );
    for (const r of received) {
      assert.equal(r.subject, `issuer.events.v1.${issuerId}.${offer.sessionId}.${r.event}`);
      assert.equal(r.sessionId, offer.sessionId);
    }
  });
});
