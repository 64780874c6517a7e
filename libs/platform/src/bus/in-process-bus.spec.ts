import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import pino from 'pino';
import { BusError, defineContract } from '@issuer/contracts';
import { createCapturingLogger, expectBusError } from '@issuer/testing';
import type { Bus } from './bus';
import { InProcessBus } from './in-process-bus';

const silent = pino({ level: 'silent' });

interface EchoRequest {
  name: string;
  at?: string;
  tags?: string[];
}
const Echo = defineContract<EchoRequest, { got: EchoRequest; at?: unknown }>(
  'test.echo.v1',
  z.object({ name: z.string().min(1), at: z.string().optional(), tags: z.array(z.string()).optional() }).strict(),
);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets queued microtasks and immediates (subscriber deliveries) run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('InProcessBus request/reply', () => {
  it('round-trips a request to the handler and its reply to the caller', async () => {
    const bus = new InProcessBus(silent);
    bus.serve(Echo, async (r) => ({ got: r }), 'svc');
    assert.deepEqual(await bus.request(Echo, { name: 'alice', tags: ['x'] }), { got: { name: 'alice', tags: ['x'] } });
  });

  it('serialises the payload: Dates arrive as ISO strings and the handler gets its own copy', async () => {
    const bus = new InProcessBus(silent);
    const gate = deferred();
    let seen: EchoRequest | undefined;
    bus.serve(
      Echo,
      async (r) => {
        await gate.promise; // the caller mutates its object while the handler waits
        seen = r;
        r.tags?.push('handler-side');
        return { got: structuredClone(r) };
      },
      'svc',
    );
    const date = new Date('2030-01-02T03:04:05.000Z');
    const payload = { name: 'alice', at: date as unknown as string, tags: ['a'] };
    const pending = bus.request(Echo, payload);
    payload.name = 'mallory';
    payload.tags.push('caller-side');
    gate.resolve();
    const reply = await pending;
    assert.equal(seen?.name, 'alice');
    assert.equal(seen?.at, '2030-01-02T03:04:05.000Z');
    assert.deepEqual(reply.got.tags, ['a', 'handler-side']);
    assert.deepEqual(payload.tags, ['a', 'caller-side'], 'the handler never touches the caller object');
  });

  it('serialises the reply: Dates become strings and the caller cannot mutate the handler state', async () => {
    const bus = new InProcessBus(silent);
    const state = { got: { name: 'kept' }, at: new Date('2031-05-06T07:08:09.000Z') };
    bus.serve(Echo, async () => state, 'svc');
    const reply = await bus.request(Echo, { name: 'x' });
    assert.equal(reply.at, '2031-05-06T07:08:09.000Z');
    reply.got.name = 'changed';
    assert.equal(state.got.name, 'kept');
    assert.ok(state.at instanceof Date);
  });

  it('rejects a payload that fails the contract schema with BAD_REQUEST naming the fields, without calling the handler', async () => {
    const bus = new InProcessBus(silent);
    let calls = 0;
    bus.serve(Echo, async (r) => (calls++, { got: r }), 'svc');
    const error = await expectBusError(bus.request(Echo, { name: '', extra: true } as unknown as EchoRequest), 'BAD_REQUEST');
    const paths = (error.errors ?? []).map((e) => e.path);
    assert.ok(paths.includes('name'), `errors: ${JSON.stringify(error.errors)}`);
    assert.ok(error.errors?.some((e) => e.message.length > 0));
    assert.equal(calls, 0);
    await expectBusError(bus.request(Echo, { name: 5 } as unknown as EchoRequest), 'BAD_REQUEST');
  });

  it('propagates the code, message and field errors of a BusError thrown by the handler', async () => {
    const bus = new InProcessBus(silent);
    bus.serve(
      Echo,
      async (r) => {
        throw new BusError('CONFLICT', `${r.name} already exists`, [{ path: 'name', message: 'taken' }]);
      },
      'svc',
    );
    const error = await expectBusError(bus.request(Echo, { name: 'bob' }), 'CONFLICT');
    assert.equal(error.message, 'bob already exists');
    assert.deepEqual(error.errors, [{ path: 'name', message: 'taken' }]);
    await (async () => {
      const bus2 = new InProcessBus(silent);
      bus2.serve(Echo, async () => Promise.reject(new BusError('NOT_FOUND', 'nope')), 'svc');
      await expectBusError(bus2.request(Echo, { name: 'x' }), 'NOT_FOUND');
    })();
  });

  it('turns an unexpected error into INTERNAL without leaking its message, and logs the cause', async () => {
    const { logger, lines } = createCapturingLogger('error');
    const bus = new InProcessBus(logger);
    bus.serve(
      Echo,
      async () => {
        throw new Error('password=hunter2 at db-internal-host');
      },
      'svc',
    );
    const error = await expectBusError(bus.request(Echo, { name: 'x' }), 'INTERNAL');
    assert.ok(!error.message.includes('hunter2'), error.message);
    assert.ok(!error.message.includes('db-internal-host'), error.message);
    assert.equal(error.errors, undefined);
    assert.equal(lines.length, 1);
    assert.match(JSON.stringify(lines[0]), /hunter2/, 'the cause is logged where it is known');
  });

  it('also contains a handler that throws synchronously', async () => {
    const bus = new InProcessBus(silent);
    bus.serve(
      Echo,
      (() => {
        throw new TypeError('sync boom');
      }) as never,
      'svc',
    );
    const error = await expectBusError(bus.request(Echo, { name: 'x' }), 'INTERNAL');
    assert.ok(!error.message.includes('sync boom'));
  });

  it('turns a reply that cannot be serialised into INTERNAL, like the NATS bus', async () => {
    const bus = new InProcessBus(silent);
    bus.serve(Echo, async () => ({ got: { name: 'x' }, at: BigInt(1) }), 'svc');
    await expectBusError(bus.request(Echo, { name: 'x' }), 'INTERNAL');
  });

  it('fails with UNAVAILABLE when nobody serves the subject', async () => {
    const bus = new InProcessBus(silent);
    await expectBusError(bus.request(Echo, { name: 'x' }), 'UNAVAILABLE');
  });

  it('fails with TIMEOUT when the handler does not answer in time', async () => {
    const bus = new InProcessBus(silent);
    const never = deferred();
    bus.serve(Echo, async (r) => (await never.promise, { got: r }), 'svc');
    const error = await expectBusError(bus.request(Echo, { name: 'x' }, { timeoutMs: 30 }), 'TIMEOUT');
    assert.match(error.message, /test\.echo\.v1/);
    never.resolve();
  });

  it('gives each request to exactly one of the handlers serving a subject (queue semantics)', async () => {
    const bus = new InProcessBus(silent);
    const handled: Record<string, string[]> = { a: [], b: [] };
    bus.serve(Echo, async (r) => (handled.a.push(r.name), { got: r }), 'svc');
    bus.serve(Echo, async (r) => (handled.b.push(r.name), { got: r }), 'svc');
    const names = Array.from({ length: 10 }, (_, i) => `n${i}`);
    await Promise.all(names.map((name) => bus.request(Echo, { name })));
    assert.deepEqual([...handled.a, ...handled.b].sort(), [...names].sort());
    assert.ok(handled.a.length > 0 && handled.b.length > 0, 'both handlers take requests');
  });

  it('stops answering after close()', async () => {
    const bus = new InProcessBus(silent);
    bus.serve(Echo, async (r) => ({ got: r }), 'svc');
    await bus.close();
    await expectBusError(bus.request(Echo, { name: 'x' }), 'UNAVAILABLE');
  });
});

describe('InProcessBus subscriptions', () => {
  it('delivers publishDurable and broadcast payloads to matching wildcard subscribers only', async () => {
    const bus: Bus = new InProcessBus(silent);
    const got: Record<string, [unknown, string][]> = { star: [], tail: [], exact: [], other: [] };
    bus.subscribe('issuer.events.v1.iss1.*.offer_created', (p, s) => got.star.push([p, s]));
    bus.subscribe('issuer.events.v1.iss1.>', (p, s) => got.tail.push([p, s]));
    bus.subscribe('cache.changed', (p, s) => got.exact.push([p, s]));
    bus.subscribe('issuer.events.v1.iss2.>', (p, s) => got.other.push([p, s]));

    await bus.publishDurable('issuer.events.v1.iss1.s1.offer_created', { n: 1 }, 'id-1');
    await bus.publishDurable('issuer.events.v1.iss1.none.issuer_updated', { n: 2 }, 'id-2');
    bus.broadcast('cache.changed', { n: 3 });
    await settle();

    assert.deepEqual(got.star, [[{ n: 1 }, 'issuer.events.v1.iss1.s1.offer_created']]);
    assert.deepEqual(got.tail, [
      [{ n: 1 }, 'issuer.events.v1.iss1.s1.offer_created'],
      [{ n: 2 }, 'issuer.events.v1.iss1.none.issuer_updated'],
    ]);
    assert.deepEqual(got.exact, [[{ n: 3 }, 'cache.changed']]);
    assert.deepEqual(got.other, []);
  });

  it('gives every subscriber its own serialised copy', async () => {
    const bus: Bus = new InProcessBus(silent);
    const seen: unknown[] = [];
    bus.subscribe('a.>', (p) => {
      (p as { list: string[] }).list.push('mutated');
      seen.push(p);
    });
    bus.subscribe('a.>', (p) => seen.push(p));
    const payload = { list: ['x'], at: new Date('2030-01-01T00:00:00.000Z') };
    bus.broadcast('a.b', payload);
    payload.list.push('caller-after-send');
    await settle();
    assert.deepEqual(seen, [
      { list: ['x', 'mutated'], at: '2030-01-01T00:00:00.000Z' },
      { list: ['x'], at: '2030-01-01T00:00:00.000Z' },
    ]);
    assert.deepEqual(payload.list, ['x', 'caller-after-send']);
  });

  it('keeps delivering to other subscribers when one throws, and logs the failure', async () => {
    const { logger, lines } = createCapturingLogger('error');
    const bus = new InProcessBus(logger);
    const seen: unknown[] = [];
    bus.subscribe('a.b', () => {
      throw new Error('subscriber bug');
    });
    bus.subscribe('a.b', (p) => seen.push(p));
    bus.broadcast('a.b', { ok: 1 });
    await settle();
    assert.deepEqual(seen, [{ ok: 1 }]);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].msg, 'bus subscriber failed');
  });

  it('stops delivering after unsubscribe, without affecting other subscribers', async () => {
    const bus: Bus = new InProcessBus(silent);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const unsubscribeA = bus.subscribe('x.*', (p) => a.push(p));
    bus.subscribe('x.*', (p) => b.push(p));
    bus.broadcast('x.1', 1);
    await settle();
    unsubscribeA();
    bus.broadcast('x.2', 2);
    await bus.publishDurable('x.3', 3, 'm3');
    await settle();
    assert.deepEqual(a, [1]);
    assert.deepEqual(b, [1, 2, 3]);
  });
});
