import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs a lone call on its own and returns its result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => (batches.push(items), items.map((i) => i * 2)));
    assert.equal(await batcher.run(21), 42);
    assert.deepEqual(batches, [[21]]);
  });

  it('groups the calls that arrive while executions are in flight, keeping each result with its caller', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new MicroBatcher<number, string>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((i) => `r${i}`);
      },
      { maxConcurrent: 1 },
    );
    const first = batcher.run(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3, 4].map((i) => batcher.run(i));
    release();
    assert.deepEqual(await Promise.all([first, ...rest]), ['r0', 'r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(batches, [[0], [1, 2, 3, 4]]);
  });

  it('respects maxBatch and rejects every item of a failed batch only', async () => {
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        if (items.includes(3)) throw new Error('boom');
        return items;
      },
      { maxBatch: 2, maxConcurrent: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => batcher.run(i)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
  });
});
