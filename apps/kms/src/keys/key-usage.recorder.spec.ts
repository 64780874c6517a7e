import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { metricsRegistry } from '@issuer/platform';
import type { KeyUsage } from './key.repository';
import { KeyUsageRecorder } from './key-usage.recorder';

const signatures = async (alg: string): Promise<number> => {
  const metric = await metricsRegistry.getSingleMetric('kms_key_signatures_total')?.get();
  return metric?.values.find((v) => v.labels.alg === alg)?.value ?? 0;
};

describe('KeyUsageRecorder', () => {
  it('accumulates counts per key and writes them in one batch, keeping the latest use', async () => {
    const writes: KeyUsage[][] = [];
    const recorder = new KeyUsageRecorder(async (usage) => void writes.push(usage));
    const t1 = new Date('2026-01-01T00:00:01Z');
    const t2 = new Date('2026-01-01T00:00:02Z');
    recorder.record('a', 'ES256', t2);
    recorder.record('a', 'ES256', t1);
    recorder.record('b', 'EdDSA', t1);
    await recorder.flush();
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0], [
      { keyId: 'a', count: 2, lastUsedAt: t2 },
      { keyId: 'b', count: 1, lastUsedAt: t1 },
    ]);
    await recorder.flush();
    assert.equal(writes.length, 1, 'nothing pending: no write');
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let fail = true;
    const writes: KeyUsage[][] = [];
    const recorder = new KeyUsageRecorder(async (usage) => {
      if (fail) throw new Error('db down');
      writes.push(usage);
    });
    const t = new Date('2026-01-01T00:00:05Z');
    recorder.record('a', 'ES256', t);
    recorder.record('a', 'ES256', t);
    await recorder.flush();
    recorder.record('a', 'ES256', t);
    fail = false;
    await recorder.flush();
    assert.deepEqual(writes, [[{ keyId: 'a', count: 3, lastUsedAt: t }]]);
  });

  it('drops the counts of a forgotten (deleted) key', async () => {
    const writes: KeyUsage[][] = [];
    const recorder = new KeyUsageRecorder(async (usage) => void writes.push(usage));
    recorder.record('gone', 'ES256');
    recorder.forget('gone');
    await recorder.flush();
    assert.equal(writes.length, 0);
  });

  it('flushes on stop and counts signatures by alg in kms_key_signatures_total', async () => {
    const before = await signatures('PS256');
    const writes: KeyUsage[][] = [];
    const recorder = new KeyUsageRecorder(async (usage) => void writes.push(usage), undefined, 60_000);
    recorder.start();
    recorder.record('k', 'PS256');
    recorder.record('k', 'PS256');
    await recorder.stop();
    assert.equal(writes[0][0].count, 2);
    assert.equal((await signatures('PS256')) - before, 2);
  });

  it('counts the signatures of a batch per key and algorithm', async () => {
    const es384 = await signatures('ES384');
    const rs384 = await signatures('RS384');
    const writes: KeyUsage[][] = [];
    const recorder = new KeyUsageRecorder(async (usage) => void writes.push(usage));
    const t = new Date('2026-01-01T00:00:07Z');
    recorder.record('a', 'ES384', new Date('2026-01-01T00:00:01Z'));
    recorder.recordBatch(
      [
        { keyId: 'a', alg: 'ES384' },
        { keyId: 'b', alg: 'RS384' },
        { keyId: 'a', alg: 'ES384' },
        { keyId: 'b', alg: 'ES384' },
      ],
      t,
    );
    await recorder.flush();
    assert.deepEqual(writes, [
      [
        { keyId: 'a', count: 3, lastUsedAt: t },
        { keyId: 'b', count: 2, lastUsedAt: t },
      ],
    ]);
    assert.equal((await signatures('ES384')) - es384, 4);
    assert.equal((await signatures('RS384')) - rs384, 1);
  });
});
