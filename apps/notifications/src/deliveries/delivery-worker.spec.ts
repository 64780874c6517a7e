import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { InProcessBus } from '@issuer/platform';
import { SessionWebhookTarget } from '@issuer/contracts';
import { waitFor } from '@issuer/testing';
import { DeliveryWorker, LEASE_MS } from './delivery-worker';
import type { ClaimedDelivery, DeliveryRepository } from './delivery.repository';
import type { WebhookSender } from './webhook-sender';

const silent = pino({ level: 'silent' });

describe('DeliveryWorker', () => {
  it('records a send that throws as a failed attempt with a retry time, and goes on with the other deliveries', async () => {
    const claimed: ClaimedDelivery[] = ['1', '2'].map((seq) => ({
      seq,
      eventId: `00000000-0000-4000-8000-00000000000${seq}`,
      issuerId: 'i',
      sessionId: `s${seq}`,
      payload: { n: seq },
      attempts: 0,
      firstAttemptAt: new Date(),
    }));
    let handedOut = false;
    const recorded: { seq: string; status: string; error: string | null; nextAttemptAt: Date | null }[] = [];
    const repository = {
      claimDue: async () => (handedOut ? [] : ((handedOut = true), claimed)),
      release: async () => undefined,
      recordAttempt: async (seq: string, outcome: { status: string; error: string | null; nextAttemptAt: Date | null }) => {
        recorded.push({ seq, ...outcome });
      },
    } as unknown as DeliveryRepository;
    const bus = new InProcessBus(silent);
    bus.serve(
      SessionWebhookTarget,
      async ({ sessions }) => ({ targets: sessions.map((s) => ({ ...s, url: 'http://hook.example/', signingSecrets: [] })) }),
      'issuer-api',
    );
    const sender = {
      send: async (target: { sessionId: string }) => {
        if (target.sessionId === 's1') throw new TypeError('Invalid character in header content ["authorization"]');
        return { ok: true, statusCode: 200 };
      },
    } as unknown as WebhookSender;
    const retry = { delaysMs: [5_000], maxAttempts: 20, maxAgeMs: 86_400_000, jitter: 0 };
    const worker = new DeliveryWorker(repository, bus, sender, { retry, timeoutMs: 1_000, concurrency: 1 }, silent);
    worker.start();
    worker.kick();
    await waitFor('both attempts to be recorded', () => recorded.length === 2, { timeoutMs: 5_000 });
    await worker.stop();
    recorded.sort((a, b) => a.seq.localeCompare(b.seq));
    assert.equal(recorded.length, 2, JSON.stringify(recorded));
    assert.equal(recorded[0].status, 'PENDING');
    assert.match(recorded[0].error ?? '', /Invalid character/);
    assert.ok(recorded[0].nextAttemptAt && recorded[0].nextAttemptAt.getTime() > Date.now(), 'retried later');
    assert.equal(recorded[1].status, 'DELIVERED');
  });

  it('renews the lease of a delivery while it is being sent, so a live process keeps it and a dead one loses it within seconds', async () => {
    const claimed: ClaimedDelivery[] = [
      {
        seq: '7',
        eventId: '00000000-0000-4000-8000-000000000007',
        issuerId: 'i',
        sessionId: 's7',
        payload: {},
        attempts: 0,
        firstAttemptAt: new Date(),
      },
    ];
    let handedOut = false;
    let leaseAtClaim = 0;
    const renewals: { seqs: string[]; leaseMs: number }[] = [];
    let recorded = false;
    const repository = {
      claimDue: async (_limit: number, leaseMs: number) => (handedOut ? [] : ((handedOut = true), (leaseAtClaim = leaseMs), claimed)),
      release: async () => undefined,
      renewLeases: async (seqs: string[], leaseMs: number) => void renewals.push({ seqs, leaseMs }),
      recordAttempt: async () => void (recorded = true),
    } as unknown as DeliveryRepository;
    const bus = new InProcessBus(silent);
    bus.serve(
      SessionWebhookTarget,
      async ({ sessions }) => ({ targets: sessions.map((s) => ({ ...s, url: 'http://hook.example/', signingSecrets: [] })) }),
      'issuer-api',
    );
    // A receiver slower than the renewal interval.
    const sender = {
      send: () => new Promise((r) => setTimeout(() => r({ ok: true, statusCode: 204 }), 2_600)),
    } as unknown as WebhookSender;
    const retry = { delaysMs: [1_000], maxAttempts: 20, maxAgeMs: 86_400_000, jitter: 0 };
    const worker = new DeliveryWorker(repository, bus, sender, { retry, timeoutMs: 30_000, concurrency: 1 }, silent);
    worker.start();
    worker.kick();
    await waitFor('the attempt to be recorded', () => recorded, { timeoutMs: 10_000 });
    const renewedWhileSending = renewals.length;
    await new Promise((r) => setTimeout(r, 2_200));
    await worker.stop();
    assert.equal(leaseAtClaim, LEASE_MS, 'claimed with the short lease, whatever WEBHOOK_TIMEOUT is');
    assert.ok(LEASE_MS <= 10_000);
    assert.ok(renewedWhileSending >= 1, 'renewed while the send was running');
    assert.deepEqual(renewals[0], { seqs: ['7'], leaseMs: LEASE_MS });
    assert.equal(renewals.length, renewedWhileSending, 'no renewal once the attempt was recorded');
  });
});
