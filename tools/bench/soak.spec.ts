import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSoakReport, soakWarmupSeconds, summarizeSoak, type SoakReport } from './soak';

/** Samples every 5 s from 0 to 600 s: [seconds, VmRSS kB, RssShmem kB]. */
const samples = (rss: (s: number) => number, shmem: (s: number) => number = () => 0): [number, number, number][] =>
  Array.from({ length: 121 }, (_, i) => [i * 5, rss(i * 5), shmem(i * 5)]);

describe('soak summary', () => {
  it('warms up for the first minute, or the first fifth of a short trial soak', () => {
    assert.equal(soakWarmupSeconds(600), 60);
    assert.equal(soakWarmupSeconds(100), 20);
  });

  it('judges the platform by the own memory of its counted processes: shared buffer pages are not growth, a Node leak is', () => {
    const tracked = [
      { label: 'standalone', group: 'node', pid: 10, counted: true, samples: samples((s) => 300_000 + s * 100) },
      // RSS climbs from 50 to 170 MB as the backend touches the 128 MB buffer pool; its own part stays at 40 MB.
      {
        label: 'backend',
        group: 'postgres backends',
        pid: 11,
        counted: true,
        samples: samples(
          (s) => 50_000 + s * 200,
          (s) => 10_000 + s * 200,
        ),
      },
      {
        label: 'cluster launcher + proxy',
        group: 'cluster proxy (not counted)',
        pid: 12,
        counted: false,
        samples: samples((s) => 10_000 + s * 1000),
      },
    ];
    const { processes, verdict } = summarizeSoak(tracked, { warmupSeconds: 60, endSeconds: 600 });
    const backend = processes.find((p) => p.pid === 11)!;
    assert.ok(backend.rss!.growthPct > 100, 'RSS with the shared pages more than doubles');
    assert.equal(backend.own!.growthPct, 0);
    // Node: 307.25 → 358.75 MB, backend 40 MB flat (medians of 60..85 s and 575..600 s); the proxy is not counted.
    assert.equal(verdict.worst?.process, 'standalone (10)');
    assert.ok(Math.abs(verdict.worst!.growthMb - (358_750 - 307_250) / 1024) < 1e-9);
    assert.equal(verdict.total?.warmKb, 347_250);
    assert.equal(verdict.total?.endKb, 398_750);
    assert.ok(Math.abs(verdict.total!.growthPct - ((398_750 - 347_250) / 347_250) * 100) < 1e-9, String(verdict.total?.growthPct));
    assert.equal(verdict.underLimit, false);
  });

  it('counts processes that come and go while they live: a pool replacing its connections is not growth', () => {
    // Node flat at 200 MB; a 10 MB backend replaced every 50 s (each lives 50 s, one at a time).
    const backends = Array.from({ length: 12 }, (_, k) => ({
      label: 'backend',
      group: 'postgres backends',
      pid: 100 + k,
      counted: true,
      samples: samples(() => 10_000).filter(([seconds]) => seconds >= k * 50 && seconds < (k + 1) * 50 + (k === 11 ? 5 : 0)),
    }));
    const tracked = [{ label: 'standalone', group: 'node', pid: 10, counted: true, samples: samples(() => 200_000) }, ...backends];
    const { verdict } = summarizeSoak(tracked, { warmupSeconds: 60, endSeconds: 600 });
    assert.equal(verdict.total?.growthPct, 0);
    assert.equal(verdict.underLimit, true);
  });

  it('is under the limit when memory levels off, and prints the table with the verdict', () => {
    const tracked = [
      {
        label: 'standalone',
        group: 'node',
        pid: 10,
        counted: true,
        samples: samples((s) => (s < 60 ? 100_000 : 250_000 + (s % 10) * 1000)),
      },
    ];
    const summary = summarizeSoak(tracked, { warmupSeconds: 60, endSeconds: 600 });
    assert.equal(summary.verdict.underLimit, true);
    const report: SoakReport = {
      date: '2026-12-08T00:00:00.000Z',
      machine: { cpus: 2, cpuModel: 'test', loadAverage: [1, 1, 1], kernel: 'k', node: 'v20' },
      target: 'standalone',
      wallets: 64,
      seconds: 600,
      warmupSeconds: 60,
      sampleEverySeconds: 5,
      endWindowSeconds: 30,
      credentials: 120_000,
      errors: 0,
      firstErrors: [],
      throughput: [{ fromSeconds: 0, credentialsPerSecond: 200 }],
      ...summary,
    };
    const text = formatSoakReport(report);
    assert.match(text, /standalone\s+10\s+247\s+247\s+249\s+\+0\.0/);
    assert.match(text, /platform memory .*: \+0\.0 %, under 10 %/);
    assert.doesNotMatch(text, /NOT under/);
  });

  it('has no verdict without readings at both ends', () => {
    const { verdict } = summarizeSoak([{ label: 'x', group: 'node', pid: 1, counted: true, samples: [[300, 1000, 0]] }], {
      warmupSeconds: 60,
      endSeconds: 600,
    });
    assert.equal(verdict.total, undefined);
    assert.equal(verdict.underLimit, false);
  });
});
