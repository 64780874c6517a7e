import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { z } from 'zod';
import { BusError, defineContract, ISSUER_EVENTS_STREAM, ISSUER_EVENTS_SUBJECT_ROOT } from '@issuer/contracts';
import { countStreamMessages, readStreamMessages, TEST_NATS_URL, waitFor } from '@issuer/testing';
import { NatsBus } from './nats-bus';

const silent = pino({ level: 'silent' });
/** Unique per run, so concurrent runs against the shared NATS never see each other's traffic. */
const run = `t${randomBytes(5).toString('hex')}`;

const echoContract = (name: string) =>
  defineContract<{ n: number; text?: string }, { n: number; server: string }>(
    `itest.${run}.${name}.v1`,
    z.object({ n: z.number().int(), text: z.string().optional() }).strict(),
  );

async function busError(promise: Promise<unknown>): Promise<BusError> {
  const error = await promise.then(
    () => assert.fail('expected a BusError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BusError, `expected a BusError, got ${String(error)}`);
  return error;
}

describe('NatsBus against real NATS', { timeout: 60_000 }, () => {
  const buses: NatsBus[] = [];
  let client: NatsBus;
  let raw: NatsConnection;

  const open = async (name: string) => {
    const bus = await NatsBus.connect(TEST_NATS_URL, `${run}-${name}`, silent);
    buses.push(bus);
    return bus;
  };

  before(async () => {
    client = await open('client');
    raw = await connect({ servers: TEST_NATS_URL, name: `${run}-reader` });
  });
  after(async () => {
    for (const bus of buses) await bus.close().catch(() => undefined);
    await raw?.drain().catch(() => undefined);
  });

  it('has the ISSUER_EVENTS stream on issuer.events.v1.> with a duplicate window', async () => {
    const info = await (await raw.jetstreamManager()).streams.info(ISSUER_EVENTS_STREAM);
    assert.deepEqual(info.config.subjects, [`${ISSUER_EVENTS_SUBJECT_ROOT}.>`]);
    assert.ok(info.config.duplicate_window > 0);
  });

  it('connecting twice is idempotent (the stream already exists)', async () => {
    await open('second-connect');
  });

  it('round-trips request/reply and propagates handler errors with their code', async () => {
    const Echo = echoContract('echo');
    const Fail = echoContract('fail');
    const server = await open('server');
    server.serve(Echo, async (r) => ({ n: r.n * 2, server: 'a' }), 'svc');
    server.serve(
      Fail,
      async (r) => {
        if (r.n === 1) throw new BusError('NOT_FOUND', 'thing 1 not found', [{ path: 'n', message: 'unknown' }]);
        throw new Error('secret internal detail');
      },
      'svc',
    );
    await server.ping();
    assert.deepEqual(await client.request(Echo, { n: 21 }), { n: 42, server: 'a' });

    const notFound = await busError(client.request(Fail, { n: 1 }));
    assert.equal(notFound.code, 'NOT_FOUND');
    assert.equal(notFound.message, 'thing 1 not found');
    assert.deepEqual(notFound.errors, [{ path: 'n', message: 'unknown' }]);

    const internal = await busError(client.request(Fail, { n: 2 }));
    assert.equal(internal.code, 'INTERNAL');
    assert.ok(!internal.message.includes('secret'));

    const bad = await busError(client.request(Echo, { n: 'x' } as never));
    assert.equal(bad.code, 'BAD_REQUEST');
    assert.deepEqual(
      bad.errors?.map((e) => e.path),
      ['n'],
    );
  });

  it('answers INTERNAL when a handler returns a reply that cannot be serialised, and keeps serving', async () => {
    const Odd = echoContract('unserialisable');
    const server = await open('odd-server');
    server.serve(Odd, async (r) => (r.n === 1 ? ({ n: BigInt(1), server: 'odd' } as never) : { n: r.n, server: 'odd' }), 'svc');
    await server.ping();
    const error = await busError(client.request(Odd, { n: 1 }, { timeoutMs: 3000 }));
    assert.equal(error.code, 'INTERNAL');
    assert.deepEqual(await client.request(Odd, { n: 2 }), { n: 2, server: 'odd' });
  });

  it('answers a raw non-JSON payload with BAD_REQUEST instead of dropping it', async () => {
    const Echo = echoContract('raw');
    const server = await open('raw-server');
    server.serve(Echo, async (r) => ({ n: r.n, server: 'raw' }), 'svc');
    await server.ping();
    const reply = await raw.request(Echo.subject, new TextEncoder().encode('{not json'), { timeout: 3000 });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(reply.data)), {
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'payload is not JSON' },
    });
  });

  it('gives each request to exactly one member of a queue group', async () => {
    const Work = echoContract('queue');
    const handled: Record<string, number[]> = { a: [], b: [] };
    const a = await open('queue-a');
    const b = await open('queue-b');
    a.serve(Work, async (r) => (handled.a.push(r.n), { n: r.n, server: 'a' }), 'svc');
    b.serve(Work, async (r) => (handled.b.push(r.n), { n: r.n, server: 'b' }), 'svc');
    await Promise.all([a.ping(), b.ping()]);

    const count = 60;
    const replies = await Promise.all(Array.from({ length: count }, (_, n) => client.request(Work, { n })));
    const all = [...handled.a, ...handled.b].sort((x, y) => x - y);
    assert.deepEqual(
      all,
      Array.from({ length: count }, (_, n) => n),
      'every request handled exactly once',
    );
    for (const [n, reply] of replies.entries()) {
      assert.equal(reply.n, n);
      assert.ok(handled[reply.server].includes(n), 'the reply comes from the member that handled it');
    }
    // NATS picks a random member per message: with 60 requests both take some (p of failure 2^-59).
    assert.ok(handled.a.length > 0 && handled.b.length > 0, `a=${handled.a.length} b=${handled.b.length}`);
  });

  it('delivers to every member of different queue groups (one per service)', async () => {
    const Fanout = echoContract('groups');
    const seen: string[] = [];
    const a = await open('group-a');
    const b = await open('group-b');
    a.serve(Fanout, async (r) => (seen.push('a'), { n: r.n, server: 'a' }), 'svc-a');
    b.serve(Fanout, async (r) => (seen.push('b'), { n: r.n, server: 'b' }), 'svc-b');
    await Promise.all([a.ping(), b.ping()]);
    await client.request(Fanout, { n: 1 });
    await waitFor('both groups to get the request', () => seen.length === 2);
    assert.deepEqual(seen.sort(), ['a', 'b']);
  });

  it('fails fast with UNAVAILABLE when no service answers the subject', async () => {
    const error = await busError(client.request(echoContract('nobody'), { n: 1 }, { timeoutMs: 20_000 }));
    assert.equal(error.code, 'UNAVAILABLE');
  });

  it('fails with TIMEOUT when the handler does not answer in time', async () => {
    const Slow = echoContract('slow');
    const server = await open('slow-server');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server.serve(Slow, async (r) => (await gate, { n: r.n, server: 'slow' }), 'svc');
    await server.ping();
    const error = await busError(client.request(Slow, { n: 1 }, { timeoutMs: 200 }));
    release();
    assert.equal(error.code, 'TIMEOUT');
  });

  it('stores publishDurable in ISSUER_EVENTS and drops a duplicate message id', async () => {
    const subject = `${ISSUER_EVENTS_SUBJECT_ROOT}.${run}.s1.durable_test`;
    const first = randomUUID();
    const second = randomUUID();
    await client.publishDurable(subject, { n: 1 }, first);
    await client.publishDurable(subject, { n: 1, retried: true }, first); // a retry of the same event
    await client.publishDurable(subject, { n: 2 }, second);

    const messages = await readStreamMessages(raw, ISSUER_EVENTS_STREAM, subject);
    assert.deepEqual(
      messages.map((m) => ({ subject: m.subject, msgId: m.msgId, data: m.data })),
      [
        { subject, msgId: first, data: { n: 1 } },
        { subject, msgId: second, data: { n: 2 } },
      ],
    );
    assert.ok(messages[0].seq < messages[1].seq);
    assert.equal(await countStreamMessages(raw, ISSUER_EVENTS_STREAM, subject), 2);
  });

  it('refuses publishDurable outside the stream subjects (no silent loss)', async () => {
    await assert.rejects(client.publishDurable(`itest.${run}.not.in.stream`, { n: 1 }, randomUUID()));
  });

  it('delivers JetStream-published events and broadcasts to wildcard subscribers, and stops after unsubscribe', async () => {
    const subscriber = await open('subscriber');
    const issuer = `${ISSUER_EVENTS_SUBJECT_ROOT}.${run}-sub`;
    const tail: [unknown, string][] = [];
    const star: [unknown, string][] = [];
    const broadcasts: unknown[] = [];
    const unsubscribeTail = subscriber.subscribe(`${issuer}.>`, (p, s) => tail.push([p, s]));
    subscriber.subscribe(`${issuer}.*.offer_created`, (p, s) => star.push([p, s]));
    subscriber.subscribe(`itest.${run}.cache.*`, (p) => broadcasts.push(p));
    await subscriber.ping();

    await client.publishDurable(`${issuer}.s1.offer_created`, { e: 1 }, randomUUID());
    await client.publishDurable(`${issuer}.s2.token_issued`, { e: 2 }, randomUUID());
    client.broadcast(`itest.${run}.cache.changed`, { issuerId: 'x' });
    await waitFor('subscribers to receive', () => tail.length === 2 && star.length === 1 && broadcasts.length === 1);
    assert.deepEqual(tail, [
      [{ e: 1 }, `${issuer}.s1.offer_created`],
      [{ e: 2 }, `${issuer}.s2.token_issued`],
    ]);
    assert.deepEqual(star, [[{ e: 1 }, `${issuer}.s1.offer_created`]]);
    assert.deepEqual(broadcasts, [{ issuerId: 'x' }]);

    unsubscribeTail();
    await subscriber.ping();
    await client.publishDurable(`${issuer}.s3.offer_created`, { e: 3 }, randomUUID());
    await waitFor('the remaining subscriber to receive', () => star.length === 2);
    await client.ping();
    await subscriber.ping();
    assert.equal(tail.length, 2, 'no delivery after unsubscribe');
  });

  it('ping fails with UNAVAILABLE once the bus is closed, and broadcast then is a no-op', async () => {
    const bus = await open('closing');
    await bus.ping();
    await bus.close();
    const error = await busError(bus.ping());
    assert.equal(error.code, 'UNAVAILABLE');
    bus.broadcast(`itest.${run}.after-close`, {});
  });
});
