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

  it('judges counted processes by their own memory: a backend touching shared buffers is not growth, a Node leak is', () => {
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
    // Node: 306.25 MB → 358.75 MB (medians of 60..85 s and 575..600 s).
    assert.equal(verdict.judged, 2, 'the proxy is not judged');
    assert.equal(verdict.worst, 'standalone (10)');
    assert.ok(Math.abs(verdict.maxGrowthPct - ((358_750 - 307_250) / 307_250) * 100) < 1e-9, String(verdict.maxGrowthPct));
    assert.equal(verdict.underLimit, false);
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
    assert.match(text, /under 10 %/);
    assert.doesNotMatch(text, /NOT under/);
  });

  it('has no verdict when no counted process was seen through the whole soak', () => {
    const { verdict } = summarizeSoak([{ label: 'x', group: 'node', pid: 1, counted: true, samples: [[300, 1000, 0]] }], {
      warmupSeconds: 60,
      endSeconds: 600,
    });
    assert.equal(verdict.judged, 0);
    assert.equal(verdict.underLimit, false);
  });
});
