import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { ISSUER_EVENTS_STREAM, ISSUER_EVENTS_SUBJECT_ROOT } from '@issuer/contracts';
import { TEST_NATS_URL, waitFor } from '@issuer/testing';
import { NatsBus } from './nats-bus';
import type { DurableMessage } from './bus';

const silent = pino({ level: 'silent' });
/** Unique per run: the durable's filter sees only this run's events on the shared NATS. */
const run = `t${randomBytes(5).toString('hex')}`;

describe('JetStream durable consumer against real NATS', { timeout: 60_000 }, () => {
  let bus: NatsBus;
  let raw: NatsConnection;
  const durable = `itest-${run}`;
  const options = { stream: ISSUER_EVENTS_STREAM, durable, filterSubject: `${ISSUER_EVENTS_SUBJECT_ROOT}.${run}.>`, batchSize: 10 };
  const publish = (n: number) => bus.publishDurable(`${ISSUER_EVENTS_SUBJECT_ROOT}.${run}.s1.e${n}`, { n }, randomUUID());

  before(async () => {
    bus = await NatsBus.connect(TEST_NATS_URL, `${run}-bus`, silent);
    raw = await connect({ servers: TEST_NATS_URL, name: `${run}-admin` });
  });
  after(async () => {
    const jsm = await raw.jetstreamManager();
    await jsm.consumers.delete(ISSUER_EVENTS_STREAM, durable).catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await raw?.drain().catch(() => undefined);
  });

  it('a new durable receives the events published before it first started, in order; an existing one resumes where it was', async () => {
    await publish(1);
    await publish(2);
    const received: DurableMessage[] = [];
    const first = await bus.consumeDurable(options, async (messages) => void received.push(...messages));
    await waitFor('the events published before the first start', () => received.length >= 2);
    await first.stop();
    assert.deepEqual(
      received.map((m) => m.payload),
      [{ n: 1 }, { n: 2 }],
    );

    await publish(3);
    const again: DurableMessage[] = [];
    const second = await bus.consumeDurable(options, async (messages) => void again.push(...messages));
    await waitFor('the event published while it was stopped', () => again.length >= 1);
    await second.stop();
    assert.deepEqual(
      again.map((m) => m.payload),
      [{ n: 3 }],
      'acknowledged events are not delivered again',
    );
  });

  it('hands over one batch at a time: the messages that arrived while a batch was handled form the next batch', async () => {
    const busyOptions = { ...options, durable: `${durable}-busy`, filterSubject: `${ISSUER_EVENTS_SUBJECT_ROOT}.${run}.busy.>` };
    const publishBusy = (n: number) => bus.publishDurable(`${ISSUER_EVENTS_SUBJECT_ROOT}.${run}.busy.e${n}`, { n }, randomUUID());
    const jsm = await raw.jetstreamManager();
    const batches: number[][] = [];
    let release!: () => void;
    const firstHandled = new Promise<void>((resolve) => (release = resolve));
    const consumer = await bus.consumeDurable(busyOptions, async (messages) => {
      batches.push(messages.map((m) => (m.payload as { n: number }).n));
      if (batches.length === 1) await firstHandled;
    });
    try {
      await publishBusy(1);
      await waitFor('the first batch in its handler', () => batches.length === 1);
      // One at a time, each stored before the next: they reach the consumer in separate reads while batch 1 is handled.
      for (let n = 2; n <= 6; n++) await publishBusy(n);
      await waitFor('all six delivered and unacknowledged', async () => {
        const info = await jsm.consumers.info(ISSUER_EVENTS_STREAM, busyOptions.durable);
        return info.num_ack_pending === 6;
      });
      release();
      await waitFor('the second batch', () => batches.length >= 2);
      assert.deepEqual(batches, [[1], [2, 3, 4, 5, 6]]);
    } finally {
      release();
      await consumer.stop();
      await jsm.consumers.delete(ISSUER_EVENTS_STREAM, busyOptions.durable).catch(() => undefined);
    }
  });
});
