import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, nanos } from 'nats';
import pino from 'pino';
import { z } from 'zod';
import { BusError, defineContract, ISSUER_EVENTS_STREAM, ISSUER_EVENTS_SUBJECT_ROOT } from '@issuer/contracts';
import { NatsServerProcess, waitFor } from '@issuer/testing';
import type { DurableMessage } from './bus';
import { ACK_WAIT_MS } from './jetstream-consumer';
import { NatsBus } from './nats-bus';

const silent = pino({ level: 'silent' });
const Echo = defineContract<{ n: number }, { n: number }>('itest.outage.echo.v1', z.object({ n: z.number().int() }));

async function busError(promise: Promise<unknown>): Promise<BusError> {
  const error = await promise.then(
    () => assert.fail('expected a BusError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BusError, `expected a BusError, got ${String(error)}`);
  return error;
}

/**
 * NATS going away (a restart, a cut) is an outage, not a slow service: requests that cannot finish fail
 * UNAVAILABLE (503 + Retry-After at the edge) instead of TIMEOUT (504), and work again once the server is
 * back. A durable consumer that died holding messages (kill -9) does not hold them up for long: the ack wait
 * is short, and a live handler that needs longer keeps its messages with in-progress acks. A private server,
 * since the test stops it.
 */
describe('NATS outages', { timeout: 120_000 }, () => {
  let nats: NatsServerProcess;
  const buses: NatsBus[] = [];
  const open = async (name: string) => {
    const bus = await NatsBus.connect(nats.url, name, silent);
    buses.push(bus);
    return bus;
  };

  before(async () => {
    nats = await NatsServerProcess.start();
  });
  after(async () => {
    for (const bus of buses) await bus.close().catch(() => undefined);
    await nats?.dispose();
  });

  it('requests in flight or made while NATS is down fail UNAVAILABLE, not TIMEOUT, and succeed once it is back', async () => {
    const server = await open('echo-server');
    const client = await open('echo-client');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    server.serve(Echo, async ({ n }) => (++calls === 1 && (await gate), { n }), 'echo');
    await server.ping();

    const inFlight = client.request(Echo, { n: 1 }, { timeoutMs: 2000 });
    await waitFor('the request to reach the handler', () => calls === 1);
    await nats.kill();
    release();
    assert.equal((await busError(inFlight)).code, 'UNAVAILABLE', 'the reply was lost with the connection');
    assert.equal((await busError(client.request(Echo, { n: 2 }, { timeoutMs: 1000 }))).code, 'UNAVAILABLE');
    assert.equal((await busError(client.ping())).code, 'UNAVAILABLE', 'readiness reports the outage');

    await nats.start();
    const back = await waitFor(
      'requests to succeed again',
      () => client.request(Echo, { n: 3 }, { timeoutMs: 1000 }).catch(() => undefined),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    assert.deepEqual(back, { n: 3 });
    await client.ping();
  });

  it('a request made while NATS is down rides out the outage when NATS is back within its deadline', async () => {
    const server = await open('ride-server');
    const client = await open('ride-client');
    server.serve(Echo, async ({ n }) => ({ n }), 'ride');
    await client.request(Echo, { n: 0 });
    await nats.kill();
    await waitFor('the client to notice the outage', () =>
      client.ping().then(
        () => false,
        () => true,
      ),
    );
    const riding = client.request(Echo, { n: 4 }, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await nats.start();
    assert.deepEqual(await riding, { n: 4 });
  });

  it('messages held by a consumer that died are redelivered within seconds, a durable of the old 30 s ack wait too', async (t) => {
    const bus = await open('consumer');
    const subject = (n: number) => `${ISSUER_EVENTS_SUBJECT_ROOT}.outage.s1.e${n}`;
    const options = {
      stream: ISSUER_EVENTS_STREAM,
      durable: 'outage-test',
      filterSubject: `${ISSUER_EVENTS_SUBJECT_ROOT}.outage.>`,
      batchSize: 10,
    };
    for (const n of [1, 2, 3]) await bus.publishDurable(subject(n), { n }, randomUUID());

    // The consumer that dies: takes all three, acknowledges none, and its connection ends (as with kill -9).
    const doomed = await connect({ servers: nats.url });
    const jsm = await doomed.jetstreamManager();
    await jsm.consumers.add(ISSUER_EVENTS_STREAM, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: options.filterSubject,
      max_ack_pending: options.batchSize,
      ack_wait: nanos(30_000),
    });
    const taken = await (
      await doomed.jetstream().consumers.get(ISSUER_EVENTS_STREAM, options.durable)
    ).fetch({ max_messages: 3, expires: 2000 });
    let count = 0;
    for await (const message of taken) if (message && ++count === 3) break;
    assert.equal(count, 3);
    await doomed.close();

    const received: DurableMessage[] = [];
    const started = Date.now();
    const consumer = await bus.consumeDurable(options, async (messages) => void received.push(...messages));
    await waitFor('the messages of the dead consumer', () => received.length >= 3, { timeoutMs: 20_000 });
    const tookMs = Date.now() - started;
    t.diagnostic(`redelivered ${tookMs} ms after the new consumer started (ack wait ${ACK_WAIT_MS} ms)`);
    assert.deepEqual(
      received.map((m) => m.payload),
      [{ n: 1 }, { n: 2 }, { n: 3 }],
      'in stream order',
    );
    await consumer.stop();
    const admin = await connect({ servers: nats.url });
    const info = await (await admin.jetstreamManager()).consumers.info(ISSUER_EVENTS_STREAM, options.durable);
    await admin.close();
    assert.equal(info.config.ack_wait, nanos(ACK_WAIT_MS), 'the durable got the short ack wait');
  });

  it('a handler that takes longer than the ack wait keeps its messages (in-progress acks): no redelivery meanwhile', async () => {
    const bus = await open('slow-consumer');
    const options = {
      stream: ISSUER_EVENTS_STREAM,
      durable: 'slow-test',
      filterSubject: `${ISSUER_EVENTS_SUBJECT_ROOT}.slow.>`,
      batchSize: 10,
    };
    await bus.publishDurable(`${ISSUER_EVENTS_SUBJECT_ROOT}.slow.s1.e1`, { n: 1 }, randomUUID());
    const deliveries: unknown[] = [];
    const consumer = await bus.consumeDurable(options, async (messages) => {
      deliveries.push(...messages.map((m) => m.payload));
      if (deliveries.length === 1) await new Promise((r) => setTimeout(r, ACK_WAIT_MS + 2500));
    });
    await waitFor('the slow batch to be handled and acknowledged', () => deliveries.length >= 1, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, ACK_WAIT_MS + 4000));
    await consumer.stop();
    assert.deepEqual(deliveries, [{ n: 1 }], 'delivered once');
  });
});
