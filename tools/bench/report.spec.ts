import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessUsage } from './proc-accounting';
import { sumByGroup } from './proc-accounting';
import { cpuReport, databaseReport, formatReport, type BenchReport, type RunReport } from './report';

const usage: ProcessUsage[] = [
  { pid: 1, group: 'node', label: 'standalone', counted: true, ticks: 300, bornInWindow: false, exited: false, peakRssKb: 204800 },
  { pid: 2, group: 'postgres backends', label: 'backend', counted: true, ticks: 200, bornInWindow: false, exited: false },
  {
    pid: 3,
    group: 'postgres server (shared, not counted)',
    label: 'walwriter',
    counted: false,
    ticks: 100,
    bornInWindow: false,
    exited: false,
  },
];

function run(target: RunReport['target'], perCredentialMs: number): RunReport {
  // 100 credentials at 100 Hz: 10 ticks make 1 ms per credential.
  const u: ProcessUsage[] = [{ ...usage[0], ticks: perCredentialMs * 10 }];
  return {
    target,
    wallets: 64,
    flowLimit: 100,
    elapsedSeconds: 1,
    credentials: 100,
    errors: 0,
    connections: 64,
    outputBytes: 0,
    credentialsPerSecond: 100,
    steps: { credential: { count: 100, p50: 10, p99: 20, max: 30 } },
    cpu: cpuReport(u, sumByGroup(u, 100), 100, 100, 50, 2.5),
  };
}

describe('bench report', () => {
  it('sums only the counted groups per credential and keeps the load generator apart', () => {
    const cpu = cpuReport(usage, sumByGroup(usage, 100), 100, 1000, 800, 3);
    // (300 + 200) ticks at 100 Hz = 5000 ms over 1000 credentials; the shared walwriter stays out.
    assert.equal(cpu.totalPerCredentialMs, 5);
    assert.deepEqual(
      cpu.groups.map((g) => [g.group, g.perCredentialMs]),
      [
        ['node', 3],
        ['postgres backends', 2],
        ['postgres server (shared, not counted)', 1],
      ],
    );
    assert.deepEqual(cpu.processes, [
      { label: 'standalone', group: 'node', pid: 1, cpuMs: 3000, perCredentialMs: 3, peakRssMb: 200, exited: false },
    ]);
    assert.deepEqual(cpu.loadGenerator, { cpuMs: 800, perCredentialMs: 0.8, samplerMs: 0 });
  });

  it('gives database figures per credential and says when statements are unknown', () => {
    const db = databaseReport(
      { commits: 500, rollbacks: 0, inserted: 700, updated: 900, hotUpdated: 100, deleted: 0, read: 0, walPosition: 1e6 },
      100,
      true,
    );
    assert.equal(db.perCredential.commits, 5);
    assert.equal(db.perCredential.updated, 9);
    assert.equal(db.perCredential.statements, undefined);
    assert.ok(db.notes.some((n) => n.includes('pg_stat_statements')));
    assert.ok(db.notes.some((n) => n.includes('shared server')));
  });

  it('gives each top statement its execution and planning time per credential', () => {
    const delta = {
      commits: 100,
      rollbacks: 0,
      inserted: 0,
      updated: 0,
      hotUpdated: 0,
      deleted: 0,
      read: 0,
      walPosition: 0,
      statements: 300,
    };
    const db = databaseReport(delta, 100, false, [{ query: 'SELECT\n  1', calls: 20, totalMs: 50, planMs: 10, rows: 40, blocks: 200 }]);
    assert.deepEqual(db.topStatements, [
      { query: 'SELECT 1', callsPerCredential: 0.2, msPerCredential: 0.5, planMsPerCredential: 0.1, rowsPerCall: 2, blocksPerCall: 10 },
    ]);
    const report: BenchReport = {
      date: '2026-12-07T02:30:00.000Z',
      machine: { cpus: 2, cpuModel: 'test cpu', loadAverage: [1, 2, 3], kernel: 'k', node: 'v22' },
      runs: [{ ...run('standalone', 4.5), database: db }],
    };
    assert.match(formatReport(report), /0\.500 \/ 0\.100\s+0\.20\s+2\.0\s+10\.0\s+SELECT 1/);
  });

  it('prints each run and the platform / baseline ratios (in-memory and durable)', () => {
    const report: BenchReport = {
      date: '2026-12-07T02:30:00.000Z',
      machine: { cpus: 2, cpuModel: 'test cpu', loadAverage: [1, 2, 3], kernel: 'k', node: 'v22' },
      runs: [run('baseline', 1.5), run('durable-baseline', 3.6), run('standalone', 4.5)],
      comparison: { platform: 'standalone', platformCpuPerCredentialMs: 4.5, baselineCpuPerCredentialMs: 1.5, ratio: 3 },
      durableComparison: { platform: 'standalone', platformCpuPerCredentialMs: 4.5, baselineCpuPerCredentialMs: 3.6, ratio: 1.25 },
    };
    const text = formatReport(report);
    assert.match(text, /baseline: 64 wallets, 100 flows/);
    assert.match(text, /platform total\s+4\.500/);
    assert.match(text, /load generator \(not counted\)\s+0\.500/);
    assert.match(text, /standalone CPU per credential \/ baseline CPU per credential: 4\.500 \/ 1\.500 ms = 3\.00×/);
    assert.match(text, /durable-baseline: 64 wallets, 100 flows/);
    assert.match(text, /standalone CPU per credential \/ durable baseline CPU per credential: 4\.500 \/ 3\.600 ms = 1\.25×/);
  });
});
