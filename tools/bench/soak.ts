import { readFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { LoadGenerator } from './load';
import { memoryGrowth, parseMemoryStatus, type MemoryGrowth, type MemorySample } from './memory-growth';
import { PgMonitor } from './pg-counters';
import { GROUP_PG_BACKENDS, GROUP_PG_SERVER, processFinder } from './processes';
import { isBaseline, startTarget, type TargetName } from './targets';

/**
 * `npm run bench -- --soak S`: the benchmark's load (N wallets, the full pre-authorized flow) for S seconds, with the
 * resident memory of every platform process read from /proc every few seconds. After the warm-up (the first
 * `warmupSeconds` of the load), memory must level off: issue 17 asks for less than 10 % growth over a 10-minute soak.
 */

export const SAMPLE_EVERY_SECONDS = 5;
/** Each end of the comparison is the median over this long (a handful of samples), see memoryGrowth. */
export const END_WINDOW_SECONDS = 30;
/** The load runs in slices this long, so the report shows throughput over time (a slowing platform shows there too). */
const SLICE_SECONDS = 30;
export const GROWTH_LIMIT_PCT = 10;

/** The warm-up of a soak: its first minute, or its first fifth for soaks shorter than 5 minutes (trial runs). */
export function soakWarmupSeconds(seconds: number): number {
  return Math.min(60, Math.round(seconds / 5));
}

export interface SoakProcess {
  label: string;
  group: string;
  pid: number;
  counted: boolean;
  /** Growth of VmRSS. */
  rss?: MemoryGrowth;
  /**
   * Growth of VmRSS less RssShmem. PostgreSQL processes map the shared buffer pool and their RSS counts each page of it
   * they have touched, so it climbs towards shared_buffers however much memory the process itself holds; the verdict
   * uses this figure (equal to RSS for Node processes).
   */
  own?: MemoryGrowth;
  /** The /proc readings: [seconds, VmRSS kB, RssShmem kB]. */
  samples: [number, number, number][];
}

export interface SoakReport {
  date: string;
  machine: { cpus: number; cpuModel: string; loadAverage: number[]; kernel: string; node: string };
  target: TargetName;
  wallets: number;
  seconds: number;
  warmupSeconds: number;
  sampleEverySeconds: number;
  endWindowSeconds: number;
  credentials: number;
  errors: number;
  firstErrors: string[];
  /** Credentials per second of each slice of the load. */
  throughput: { fromSeconds: number; credentialsPerSecond: number }[];
  processes: SoakProcess[];
  /**
   * The platform's memory: at each reading, the own memory (RSS less RssShmem) of every counted process summed, so
   * processes that come and go (pool connections, autovacuum workers) count while they live; its growth after the
   * warm-up is the verdict. `worst` is the counted process seen throughout with the largest growth, for the reader.
   */
  verdict: {
    total?: MemoryGrowth;
    underLimit: boolean;
    limitPct: number;
    worst?: { process: string; growthPct: number; growthMb: number };
  };
}

const log = (message: string) => process.stderr.write(`${message}\n`);

export function machineInfo(): SoakReport['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', loadAverage: loadavg(), kernel: release(), node: process.version };
}

function readMemory(pid: number) {
  try {
    return parseMemoryStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Builds the report's process figures and verdict from the samples (pure: unit-tested through it). */
export function summarizeSoak(
  tracked: readonly { label: string; group: string; pid: number; counted: boolean; samples: [number, number, number][] }[],
  options: { warmupSeconds: number; endSeconds: number },
): Pick<SoakReport, 'processes' | 'verdict'> {
  const window = { warmupSeconds: options.warmupSeconds, endSeconds: options.endSeconds, windowSeconds: END_WINDOW_SECONDS };
  const series = (samples: [number, number, number][], own: boolean): MemorySample[] =>
    samples.map(([seconds, rss, shmem]) => ({ seconds, kb: own ? rss - shmem : rss }));
  const processes = tracked.map((p) => ({
    ...p,
    rss: memoryGrowth(series(p.samples, false), window),
    own: memoryGrowth(series(p.samples, true), window),
  }));
  const totals = new Map<number, number>();
  for (const p of tracked.filter((t) => t.counted))
    for (const [seconds, rss, shmem] of p.samples) totals.set(seconds, (totals.get(seconds) ?? 0) + rss - shmem);
  const total = memoryGrowth(
    [...totals].map(([seconds, kb]) => ({ seconds, kb })).sort((a, b) => a.seconds - b.seconds),
    window,
  );
  const judged = processes.filter((p) => p.counted && p.own);
  const worst = judged.reduce<(typeof judged)[number] | undefined>(
    (w, p) => (!w || p.own!.growthPct > w.own!.growthPct ? p : w),
    undefined,
  );
  return {
    processes,
    verdict: {
      total,
      underLimit: total !== undefined && total.growthPct < GROWTH_LIMIT_PCT,
      limitPct: GROWTH_LIMIT_PCT,
      worst: worst && {
        process: `${worst.label} (${worst.pid})`,
        growthPct: worst.own!.growthPct,
        growthMb: (worst.own!.endKb - worst.own!.warmKb) / 1024,
      },
    },
  };
}

export async function runSoak(options: { target: TargetName; seconds: number; wallets: number }): Promise<SoakReport> {
  if (isBaseline(options.target)) throw new Error('--soak measures the platform: BENCH_TARGET standalone or cluster');
  const warmupSeconds = soakWarmupSeconds(options.seconds);
  log(`${options.target}: starting for a ${options.seconds} s soak (warm-up: the first ${warmupSeconds} s of the load)`);
  const target = await startTarget(options.target);
  const monitor = target.databaseUrl ? await PgMonitor.connect(target.databaseUrl) : undefined;
  const generator = new LoadGenerator(target.load, options.wallets * 2);
  const tracked = new Map<string, { label: string; group: string; pid: number; counted: boolean; samples: [number, number, number][] }>();
  let timer: NodeJS.Timeout | undefined;
  try {
    const find = processFinder({
      root: process.pid,
      exclude: new Set(monitor ? [monitor.ownPid] : []),
      sharedServer: monitor && target.sharedDatabaseServer ? { monitor, database: await monitor.databaseName() } : undefined,
    });
    const start = performance.now();
    const elapsed = () => (performance.now() - start) / 1000;
    const sample = async () => {
      const at = elapsed();
      for (const p of await find()) {
        const memory = readMemory(p.pid);
        if (!memory) continue;
        const key = `${p.pid}:${p.label}`;
        const entry = tracked.get(key) ?? { label: p.label, group: p.group, pid: p.pid, counted: p.counted, samples: [] };
        entry.samples.push([Math.round(at * 10) / 10, memory.rssKb, memory.shmemKb]);
        tracked.set(key, entry);
      }
    };
    let sampling = sample();
    timer = setInterval(() => {
      sampling = sampling.then(sample).catch(() => undefined);
    }, SAMPLE_EVERY_SECONDS * 1000);

    const throughput: SoakReport['throughput'] = [];
    const firstErrors: string[] = [];
    let credentials = 0;
    let errors = 0;
    while (elapsed() < options.seconds) {
      const fromSeconds = elapsed();
      const slice = await generator.run({ wallets: options.wallets, seconds: Math.min(SLICE_SECONDS, options.seconds - fromSeconds) });
      credentials += slice.credentials;
      errors += slice.errors;
      firstErrors.push(...slice.firstErrors.slice(0, 3 - firstErrors.length));
      throughput.push({ fromSeconds: Math.round(fromSeconds), credentialsPerSecond: slice.credentials / slice.elapsedSeconds });
      log(`  ${Math.round(elapsed())} s: ${credentials} credentials, ${errors} errors`);
    }
    clearInterval(timer);
    await sampling;
    // The last reading at the end of the load (the interval's last one may be up to 5 s earlier).
    await sample();
    const endSeconds = elapsed();
    return {
      date: new Date().toISOString(),
      machine: machineInfo(),
      target: options.target,
      wallets: options.wallets,
      seconds: options.seconds,
      warmupSeconds,
      sampleEverySeconds: SAMPLE_EVERY_SECONDS,
      endWindowSeconds: END_WINDOW_SECONDS,
      credentials,
      errors,
      firstErrors,
      throughput,
      ...summarizeSoak([...tracked.values()], { warmupSeconds, endSeconds }),
    };
  } finally {
    clearInterval(timer);
    generator.close();
    await monitor?.close();
    await target.stop();
  }
}

const mb = (kb: number | undefined) => (kb === undefined ? '-' : (kb / 1024).toFixed(0));
const pct = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

/** The table: one line per process (the PostgreSQL backends of a pool one by one), then the verdict. */
export function formatSoakReport(report: SoakReport): string {
  const m = report.machine;
  const lines = [
    `${report.date}  ${m.cpus} CPU (${m.cpuModel}), load average ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}, node ${m.node}`,
    '',
    `${report.target} soak: ${report.wallets} wallets, ${report.seconds} s (warm-up: first ${report.warmupSeconds} s), ` +
      `${report.credentials} credentials (${(report.credentials / report.seconds).toFixed(0)}/s), ${report.errors} errors; ` +
      `RSS read every ${report.sampleEverySeconds} s, each end the median of ${report.endWindowSeconds} s`,
    `  credentials/s per ${SLICE_SECONDS} s: ${report.throughput.map((t) => t.credentialsPerSecond.toFixed(0)).join(' ')}`,
    '  process                        pid   RSS MB: warm-up end    end    max   growth %   MB/min   own growth %',
  ];
  const order = (p: SoakProcess) => (p.group === GROUP_PG_BACKENDS ? 2 : p.group === GROUP_PG_SERVER ? 3 : p.counted ? 1 : 4);
  const passing = new Map<string, number>();
  for (const p of [...report.processes].sort((a, b) => order(a) - order(b) || a.pid - b.pid)) {
    // Processes that came or went during the soak (pool connections replaced, autovacuum workers) have no growth.
    if (!p.rss) {
      passing.set(p.label, (passing.get(p.label) ?? 0) + 1);
      continue;
    }
    lines.push(
      `    ${`${p.label}${p.counted ? '' : ' (not counted)'}`.padEnd(26)}${String(p.pid).padStart(8)}` +
        `${mb(p.rss?.warmKb).padStart(21)}${mb(p.rss?.endKb).padStart(7)}${mb(p.rss?.maxKb).padStart(7)}` +
        `${pct(p.rss?.growthPct).padStart(11)}${(p.rss ? (p.rss.slopeKbPerMinute / 1024).toFixed(2) : '-').padStart(9)}` +
        `${pct(p.own?.growthPct).padStart(15)}`,
    );
  }
  if (passing.size)
    lines.push(
      `    not judged (started after the warm-up or gone before the end): ${[...passing].map(([label, n]) => `${n} ${label}`).join(', ')}`,
    );
  const v = report.verdict;
  if (v.worst)
    lines.push(
      `  largest growth of one process (own memory): ${pct(v.worst.growthPct)} % (${v.worst.growthMb >= 0 ? '+' : ''}${v.worst.growthMb.toFixed(1)} MB), ${v.worst.process}`,
    );
  lines.push(
    `  platform memory (own memory of all counted processes): ${mb(v.total?.warmKb)} MB at the warm-up's end, ${mb(v.total?.endKb)} MB at the end, ` +
      `max ${mb(v.total?.maxKb)} MB: ${pct(v.total?.growthPct)} %, ${v.underLimit ? 'under' : 'NOT under'} ${v.limitPct} %`,
  );
  return lines.join('\n');
}
