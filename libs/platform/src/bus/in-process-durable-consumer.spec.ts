import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Bus } from './bus';
import { InProcessBus } from './in-process-bus';

const options = { stream: 'S', durable: 'd', filterSubject: 'issuer.events.v1.>', batchSize: 3 };

describe('InProcessBus durable consumers', () => {
  it('hands messages over in publish order, in batches, and the publish waits for the handler', async () => {
    const bus: Bus = new InProcessBus(pino({ level: 'silent' }));
    const batches: number[][] = [];
    await bus.consumeDurable(options, async (messages) => {
      batches.push(messages.map((m) => (m.payload as { n: number }).n));
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => bus.publishDurable(`issuer.events.v1.a.s.e${n}`, { n }, `${n}`)));
    await bus.publishDurable('other.subject', { n: 99 }, '99');
    assert.deepEqual(batches.flat(), [1, 2, 3, 4, 5]);
    assert.ok(batches.every((b) => b.length <= 3));
  });

  it('fails the publish of a message whose batch failed, and of everything queued behind it', async () => {
    const bus: Bus = new InProcessBus(pino({ level: 'silent' }));
    let calls = 0;
    await bus.consumeDurable(options, async () => {
      if (calls++ === 0) throw new Error('database down');
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => bus.publishDurable(`issuer.events.v1.a.s.e${n}`, { n }, `${n}`)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected', 'rejected'],
    );
    await bus.publishDurable('issuer.events.v1.a.s.e5', { n: 5 }, '5'); // the consumer works again
  });
});
