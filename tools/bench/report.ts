import type { PgCounterDelta, StatementUsage } from './pg-counters';
import type { GroupUsage, ProcessUsage } from './proc-accounting';
import { perUnit, type StepLatency } from './stats';
import type { TargetName } from './targets';

/** One measured run (platform or baseline), as `--json` prints it. Times in milliseconds unless named otherwise. */
export interface RunReport {
  target: TargetName;
  wallets: number;
  /** Flows started in the measured window (`--flows`), or undefined when it ran for `--seconds`. */
  flowLimit?: number;
  elapsedSeconds: number;
  credentials: number;
  errors: number;
  /** TCP connections the wallets opened in the window. */
  connections: number;
  /** Bytes of log output the target wrote in the window (piped through the load generator's process). */
  outputBytes: number;
  credentialsPerSecond: number;
  steps: Record<string, StepLatency>;
  cpu: {
    /** Counted groups summed: the platform's CPU per credential. */
    totalPerCredentialMs: number;
    groups: (GroupUsage & { perCredentialMs: number })[];
    processes: { label: string; group: string; pid: number; cpuMs: number; perCredentialMs: number; peakRssMb?: number; exited: boolean }[];
    /** This process: the load generator (and the sampler, whose /proc reading is also given apart), kept out of the figures above. */
    loadGenerator: { cpuMs: number; perCredentialMs: number; samplerMs: number };
    /** The measured window: the load plus a settle time for work the flows left behind (outbox, statistics). */
    windowSeconds: number;
  };
  database?: {
    delta: PgCounterDelta;
    perCredential: Partial<Record<keyof PgCounterDelta, number>>;
    /** What `walPosition` means: the whole server's WAL, which in cluster mode includes other databases' writes. */
    notes: string[];
    /** With `--statements`: the statements that took the most execution time in the window, per credential. */
    topStatements?: {
      query: string;
      callsPerCredential: number;
      /** Execution time. */
      msPerCredential: number;
      /** Planning time (0 unless the server tracks it). */
      planMsPerCredential: number;
      rowsPerCall: number;
      blocksPerCall: number;
    }[];
  };
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; loadAverage: number[]; kernel: string; node: string };
  runs: RunReport[];
  /** Platform CPU per credential ÷ the in-memory baseline's, when both ran. */
  comparison?: Comparison;
  /** Platform CPU per credential ÷ the durable baseline's (state in PostgreSQL), when both ran. */
  durableComparison?: Comparison;
}

export interface Comparison {
  platform: string;
  platformCpuPerCredentialMs: number;
  baselineCpuPerCredentialMs: number;
  ratio: number;
}

/** Builds the CPU part of a run's report from the window's usage; processes of `counted: false` groups stay out of the total. */
export function cpuReport(
  usage: readonly ProcessUsage[],
  groups: readonly GroupUsage[],
  hz: number,
  credentials: number,
  loadGeneratorMs: number,
  windowSeconds: number,
  samplerMs = 0,
): RunReport['cpu'] {
  const counted = groups.filter((g) => g.counted).reduce((sum, g) => sum + g.cpuMs, 0);
  return {
    totalPerCredentialMs: perUnit(counted, credentials),
    groups: groups.map((g) => ({ ...g, perCredentialMs: perUnit(g.cpuMs, credentials) })),
    processes: usage
      .filter((u) => !u.group.startsWith('postgres'))
      .map((u) => ({
        label: u.label,
        group: u.group,
        pid: u.pid,
        cpuMs: (u.ticks * 1000) / hz,
        perCredentialMs: perUnit((u.ticks * 1000) / hz, credentials),
        peakRssMb: u.peakRssKb === undefined ? undefined : u.peakRssKb / 1024,
        exited: u.exited,
      })),
    loadGenerator: { cpuMs: loadGeneratorMs, perCredentialMs: perUnit(loadGeneratorMs, credentials), samplerMs },
    windowSeconds,
  };
}

export function databaseReport(
  delta: PgCounterDelta,
  credentials: number,
  sharedServer: boolean,
  statements: readonly StatementUsage[] = [],
): NonNullable<RunReport['database']> {
  const perCredential: Partial<Record<keyof PgCounterDelta, number>> = {};
  for (const [key, value] of Object.entries(delta) as [keyof PgCounterDelta, number][]) perCredential[key] = perUnit(value, credentials);
  const notes = [
    'rows and transactions: pg_stat_database / pg_stat_user_tables of the platform database',
    sharedServer ? 'walPosition: WAL bytes of the whole shared server (other databases included)' : 'walPosition: WAL bytes of the server',
  ];
  if (delta.statements === undefined) notes.push('statements: pg_stat_statements is not installed in this database');
  const topStatements = statements.map((s) => ({
    query: s.query.replace(/\s+/g, ' '),
    callsPerCredential: perUnit(s.calls, credentials),
    msPerCredential: perUnit(s.totalMs, credentials),
    planMsPerCredential: perUnit(s.planMs, credentials),
    rowsPerCall: s.calls ? s.rows / s.calls : 0,
    blocksPerCall: s.calls ? s.blocks / s.calls : 0,
  }));
  return { delta, perCredential, notes, ...(topStatements.length ? { topStatements } : {}) };
}

const fixed = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

/** The human-readable report: one block per run, then the comparison. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(
    `${report.date}  ${m.cpus} CPU (${m.cpuModel}), load average ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}, node ${m.node}`,
  );
  for (const run of report.runs) {
    lines.push('');
    lines.push(
      `${run.target}: ${run.wallets} wallets, ${run.flowLimit === undefined ? '' : `${run.flowLimit} flows, `}${run.elapsedSeconds.toFixed(1)} s: ` +
        `${run.credentials} credentials (${fixed(run.credentialsPerSecond, 0)}/s), ${run.errors} errors, ` +
        `${run.connections} connections opened, ${run.outputBytes} bytes of log output`,
    );
    lines.push('  step          p50 ms    p99 ms    max ms');
    for (const [step, l] of Object.entries(run.steps))
      lines.push(`  ${step.padEnd(12)}${fixed(l.p50, 1).padStart(8)}${fixed(l.p99, 1).padStart(10)}${fixed(l.max, 1).padStart(10)}`);
    lines.push(`  CPU per credential (window ${run.cpu.windowSeconds.toFixed(1)} s)   ms/credential   processes (new/gone)   peak RSS MB`);
    for (const g of run.cpu.groups)
      lines.push(
        `    ${g.group.padEnd(38)}${fixed(g.perCredentialMs, 3).padStart(10)}${`${g.processes} (${g.started}/${g.exited})`.padStart(17)}${(g.peakRssKb === undefined ? '-' : (g.peakRssKb / 1024).toFixed(0)).padStart(18)}`,
      );
    lines.push(`    ${'platform total'.padEnd(38)}${fixed(run.cpu.totalPerCredentialMs, 3).padStart(10)}`);
    lines.push(
      `    ${'load generator (not counted)'.padEnd(38)}${fixed(run.cpu.loadGenerator.perCredentialMs, 3).padStart(10)}` +
        `   (of which /proc sampling ${fixed(run.cpu.loadGenerator.samplerMs, 0)} ms in the window)`,
    );
    if (run.cpu.processes.length) {
      lines.push('  process                        pid   ms/credential   peak RSS MB');
      for (const p of run.cpu.processes)
        lines.push(
          `    ${`${p.label}${p.exited ? ' (exited)' : ''}`.padEnd(26)}${String(p.pid).padStart(8)}${fixed(p.perCredentialMs, 3).padStart(12)}${fixed(p.peakRssMb, 0).padStart(14)}`,
        );
    }
    if (run.database) {
      const d = run.database.perCredential;
      lines.push(
        `  database per credential: ${fixed(d.commits, 2)} commits, ${fixed(d.rollbacks, 2)} rollbacks, ` +
          `${d.statements === undefined ? 'statements n/a' : `${fixed(d.statements, 1)} statements`}, ` +
          `rows ${fixed(d.inserted, 1)} inserted / ${fixed(d.updated, 1)} updated (${fixed(d.hotUpdated, 1)} HOT) / ${fixed(d.deleted, 1)} deleted, ` +
          `${fixed(d.read, 0)} read, ${fixed(d.walPosition, 0)} WAL bytes`,
      );
      if (run.database.topStatements) {
        lines.push(
          '  statements by execution + planning time   exec / plan ms/credential   calls/credential   rows/call   blocks/call   query',
        );
        for (const s of run.database.topStatements)
          lines.push(
            `    ${''.padEnd(26)}${`${fixed(s.msPerCredential, 3)} / ${fixed(s.planMsPerCredential, 3)}`.padStart(28)}${fixed(s.callsPerCredential, 2).padStart(19)}${fixed(s.rowsPerCall, 1).padStart(12)}${fixed(s.blocksPerCall, 1).padStart(14)}   ${s.query.slice(0, 160)}`,
          );
      }
    }
  }
  const compared = [
    ['baseline', report.comparison],
    ['durable baseline', report.durableComparison],
  ] as const;
  for (const [baseline, c] of compared) {
    if (!c) continue;
    lines.push('');
    lines.push(
      `${c.platform} CPU per credential / ${baseline} CPU per credential: ${fixed(c.platformCpuPerCredentialMs, 3)} / ${fixed(c.baselineCpuPerCredentialMs, 3)} ms = ${fixed(c.ratio, 2)}×`,
    );
  }
  return lines.join('\n');
}
