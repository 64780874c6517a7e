import { cpus, loadavg, release } from 'node:os';
import { parseArgs } from 'node:util';
import { AdminClient, createSdJwtIssuer } from '@issuer/testing';
import { LoadGenerator, STEPS, type LoadLimits } from './load';
import { diffCounters, PgMonitor, type PgCounters } from './pg-counters';
import { clockTicksPerSecond, sumByGroup } from './proc-accounting';
import { processFinder, ProcessSampler } from './processes';
import { cpuReport, databaseReport, formatReport, type BenchReport, type Comparison, type RunReport } from './report';
import { formatSoakReport, runSoak } from './soak';
import { summarizeLatencies } from './stats';
import { formatStatusReport, runStatusBench } from './status-bench';
import { isBaseline, startTarget, type StartedTarget, type TargetName } from './targets';

/**
 * `npm run bench`: the full pre-authorized flow of PRODUCT.md's performance bar with N concurrent wallets, and
 * where the CPU goes: per credential, per process (the platform's Node processes, its PostgreSQL backends and
 * server processes, NATS in cluster mode; read from /proc over the measured window), the load generator apart;
 * throughput and p50/p99 per protocol step; transactions and rows written per credential; peak RSS.
 *
 *   npm run bench -- [--json] [--baseline] [--durable-baseline] [--flows N | --seconds S] [--wallets W] [--warmup N] [--statements]
 *   npm run bench -- --soak S [--wallets W] [--json]     memory over an S-second soak (soak.ts)
 *   npm run bench -- --status [--json]                   1,000,000-entry status lists (status-bench.ts)
 *
 * `--statements`: the embedded PostgreSQL loads pg_stat_statements, so statements per credential are
 * counted (costs PostgreSQL some CPU; the shared server of cluster mode gives them only if it already loads it).
 * BENCH_TARGET=standalone (default) | cluster | baseline (the one-file in-memory issuer alone) | durable-baseline (the
 * same issuer with its state in PostgreSQL, a database of its own on TEST_DATABASE_URL's server); `--baseline` runs the
 * in-memory baseline first with the same load and prints platform CPU per credential ÷ baseline CPU per credential,
 * `--durable-baseline` the same for the durable one.
 * BENCH_WALLETS, BENCH_SECONDS as defaults of the options. BENCH_URL + BENCH_ADMIN_KEY load a running instance
 * (latencies only: its processes are not this benchmark's to account).
 */
const { values: options } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
    'durable-baseline': { type: 'boolean', default: false },
    flows: { type: 'string' },
    seconds: { type: 'string' },
    wallets: { type: 'string' },
    warmup: { type: 'string' },
    statements: { type: 'boolean', default: false },
    soak: { type: 'string' },
    status: { type: 'boolean', default: false },
  },
});

const WALLETS = Number(options.wallets ?? process.env.BENCH_WALLETS ?? 64);
const FLOWS = options.flows === undefined ? undefined : Number(options.flows);
const SECONDS =
  options.seconds !== undefined ? Number(options.seconds) : FLOWS === undefined ? Number(process.env.BENCH_SECONDS ?? 20) : undefined;
const WARMUP = Number(options.warmup ?? 200);
/** After the load, work the flows left behind (outbox relay, statistics flushes) still belongs to the window. */
const SETTLE_MS = 1500;
const TARGET = (process.env.BENCH_TARGET ?? 'standalone') as TargetName;

const log = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(target: StartedTarget, external: boolean): Promise<RunReport> {
  const limits: LoadLimits = { wallets: WALLETS, seconds: SECONDS, flows: FLOWS };
  const generator = new LoadGenerator(target.load, WALLETS * 2);
  const monitor = target.databaseUrl ? await PgMonitor.connect(target.databaseUrl) : undefined;
  try {
    log(`${target.name}: warm-up (${WARMUP} flows)`);
    const warm = await generator.run({ wallets: Math.min(WALLETS, WARMUP), flows: WARMUP });
    if (warm.errors) log(`warm-up errors: ${warm.firstErrors.join('\n')}`);
    await sleep(SETTLE_MS);

    const hz = clockTicksPerSecond();
    const samplerCost = { micros: 0 };
    const find = processFinder(
      {
        root: process.pid,
        exclude: new Set(monitor ? [monitor.ownPid] : []),
        sharedServer: monitor && target.sharedDatabaseServer ? { monitor, database: await monitor.databaseName() } : undefined,
      },
      samplerCost,
    );
    await monitor?.resetStatements();
    const before: PgCounters | undefined = await monitor?.counters();
    // The sampler's readings fall inside this process's own CPU window, so its cost is a part of the load generator's.
    const outputBefore = target.outputBytes();
    const ownBefore = process.cpuUsage();
    const windowStart = performance.now();
    const sampler = await ProcessSampler.open(find, hz, 500, samplerCost);
    log(`${target.name}: measuring (${FLOWS === undefined ? `${SECONDS} s` : `${FLOWS} flows`}, ${WALLETS} wallets)`);
    const result = await generator.run(limits);
    await sleep(SETTLE_MS);
    const usage = await sampler.close();
    const own = process.cpuUsage(ownBefore);
    const outputBytes = target.outputBytes() - outputBefore;
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const after = await monitor?.counters();
    const statements = (await monitor?.topStatements(12)) ?? [];
    if (result.errors) log(`${result.errors} errors, first: ${result.firstErrors.join('\n')}`);

    const cpu = cpuReport(
      usage,
      sumByGroup(usage, hz),
      hz,
      result.credentials,
      (own.user + own.system) / 1000,
      windowSeconds,
      samplerCost.micros / 1000,
    );
    // A running instance's processes are not below this one: no CPU figures rather than zeros.
    if (external) cpu.totalPerCredentialMs = NaN;
    return {
      target: target.name,
      wallets: WALLETS,
      flowLimit: FLOWS,
      elapsedSeconds: result.elapsedSeconds,
      credentials: result.credentials,
      errors: result.errors,
      connections: result.connections,
      outputBytes,
      credentialsPerSecond: result.credentials / result.elapsedSeconds,
      steps: Object.fromEntries(STEPS.map((step) => [step, summarizeLatencies(result.latencies[step])])),
      cpu,
      database:
        before && after
          ? databaseReport(diffCounters(before, after), result.credentials, target.sharedDatabaseServer, statements)
          : undefined,
    };
  } finally {
    generator.close();
    await monitor?.close();
  }
}

async function runOne(name: TargetName): Promise<RunReport> {
  if (process.env.BENCH_URL && !isBaseline(name)) {
    const admin = new AdminClient(process.env.BENCH_URL, process.env.BENCH_ADMIN_KEY);
    const issuerId = `bench-${Date.now().toString(36)}`;
    const { profileId } = await createSdJwtIssuer(admin, { issuerId });
    const load = {
      baseUrl: process.env.BENCH_URL,
      adminKey: process.env.BENCH_ADMIN_KEY ?? '',
      issuerId,
      profileId,
      credentialConfigurationId: 'identity_sd_jwt',
    };
    return measure({ name, load, sharedDatabaseServer: false, outputBytes: () => 0, stop: async () => undefined }, true);
  }
  log(`${name}: starting`);
  const target = await startTarget(name, { statements: options.statements });
  try {
    return await measure(target, false);
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  if (!['standalone', 'cluster', 'baseline', 'durable-baseline'].includes(TARGET))
    throw new Error(`BENCH_TARGET: standalone, cluster, baseline or durable-baseline, not ${TARGET}`);
  if (options.soak !== undefined) {
    const soak = await runSoak({ target: TARGET, seconds: Number(options.soak), wallets: WALLETS });
    process.stdout.write(options.json ? `${JSON.stringify(soak, null, 2)}\n` : `${formatSoakReport(soak)}\n`);
    return;
  }
  if (options.status) {
    const status = await runStatusBench({ target: TARGET });
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatusReport(status)}\n`);
    return;
  }
  const runs: RunReport[] = [];
  if (options.baseline && TARGET !== 'baseline') runs.push(await runOne('baseline'));
  if (options['durable-baseline'] && TARGET !== 'durable-baseline') runs.push(await runOne('durable-baseline'));
  runs.push(await runOne(TARGET));
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', loadAverage: loadavg(), kernel: release(), node: process.version },
    runs,
  };
  const measured = runs.find((r) => !isBaseline(r.target)) ?? runs.find((r) => r.target === 'durable-baseline');
  const compare = (baseline: RunReport | undefined): Comparison | undefined =>
    baseline && measured && baseline !== measured
      ? {
          platform: measured.target,
          platformCpuPerCredentialMs: measured.cpu.totalPerCredentialMs,
          baselineCpuPerCredentialMs: baseline.cpu.totalPerCredentialMs,
          ratio: measured.cpu.totalPerCredentialMs / baseline.cpu.totalPerCredentialMs,
        }
      : undefined;
  report.comparison = compare(runs.find((r) => r.target === 'baseline'));
  report.durableComparison = compare(runs.find((r) => r.target === 'durable-baseline'));
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? (error.stack ?? error) : error));
  process.exitCode = 1;
});
