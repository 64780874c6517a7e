import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryGrowth, parseMemoryStatus, type MemorySample } from './memory-growth';

const every5s = (kbAt: (seconds: number) => number, until: number): MemorySample[] =>
  Array.from({ length: until / 5 + 1 }, (_, i) => ({ seconds: i * 5, kb: kbAt(i * 5) }));

describe('soak memory growth', () => {
  it('reads VmRSS and RssShmem from /proc/<pid>/status; none for a kernel thread', () => {
    const status =
      'Name:\tpostgres\nVmHWM:\t  200000 kB\nVmRSS:\t  150000 kB\nRssAnon:\t   20000 kB\nRssFile:\t   10000 kB\nRssShmem:\t  120000 kB\n';
    assert.deepEqual(parseMemoryStatus(status), { rssKb: 150000, shmemKb: 120000 });
    assert.deepEqual(parseMemoryStatus('Name:\tnode\nVmRSS:\t 90000 kB\n'), { rssKb: 90000, shmemKb: 0 });
    assert.equal(parseMemoryStatus('Name:\tkthreadd\nState:\tS (sleeping)\n'), undefined);
  });

  it('compares the median of the first window after the warm-up with the median of the last window', () => {
    // 100 MB during the warm-up (0..60 s), then 200 MB flat: no growth after the warm-up.
    const flat = every5s((s) => (s < 60 ? 100_000 : 200_000), 600);
    const growth = memoryGrowth(flat, { warmupSeconds: 60, endSeconds: 600, windowSeconds: 30 })!;
    assert.equal(growth.warmKb, 200_000);
    assert.equal(growth.endKb, 200_000);
    assert.equal(growth.growthPct, 0);
    assert.equal(growth.slopeKbPerMinute, 0);
    assert.equal(growth.samples, 109);
  });

  it('reports steady growth in % and as a slope per minute', () => {
    // +1 MB per minute from 200 MB at the warm-up's end: 540 s later about 209 MB, 4.5 %.
    const leaking = every5s((s) => 200_000 + ((s - 60) * 1000) / 60, 600);
    const growth = memoryGrowth(leaking, { warmupSeconds: 60, endSeconds: 600, windowSeconds: 30 })!;
    assert.ok(Math.abs(growth.warmKb - (200_000 + (12.5 * 1000) / 60)) < 1e-6); // median of 60..85 s is 72.5 s
    assert.ok(Math.abs(growth.endKb - (200_000 + (527.5 * 1000) / 60)) < 1e-6); // median of 575..600 s is 587.5 s
    assert.ok(Math.abs(growth.growthPct - ((515 * 1000) / 60 / growth.warmKb) * 100) < 1e-9);
    assert.ok(Math.abs(growth.slopeKbPerMinute - 1000) < 1e-6);
    assert.equal(growth.maxKb, 200_000 + (540 * 1000) / 60);
  });

  it('is not fooled by one garbage-collection peak at either end', () => {
    // A sawtooth between 180 and 220 MB with a spike at both ends: the medians stay in the middle.
    const saw = every5s((s) => (s === 60 || s === 600 ? 400_000 : s % 10 === 0 ? 220_000 : 180_000), 600);
    const growth = memoryGrowth(saw, { warmupSeconds: 60, endSeconds: 600, windowSeconds: 30 })!;
    assert.equal(growth.warmKb, 200_000);
    assert.equal(growth.growthPct, 0);
    assert.equal(growth.maxKb, 400_000);
  });

  it('has no figure for a process that started after the warm-up or was gone before the end', () => {
    const late = every5s(() => 50_000, 600).filter((s) => s.seconds >= 300);
    assert.equal(memoryGrowth(late, { warmupSeconds: 60, endSeconds: 600, windowSeconds: 30 }), undefined);
    const gone = every5s(() => 50_000, 600).filter((s) => s.seconds <= 400);
    assert.equal(memoryGrowth(gone, { warmupSeconds: 60, endSeconds: 600, windowSeconds: 30 }), undefined);
  });
});
