import type { PgActivity, PgMonitor } from './pg-counters';
import {
  CpuWindow,
  descendantsOf,
  processParents,
  readCmdline,
  readPeakRssKb,
  readProcStat,
  uptimeTicks,
  type ProcessUsage,
  type TrackedProcess,
} from './proc-accounting';

/**
 * Which processes are the platform's: every process below the benchmark (the standalone process and its embedded
 * PostgreSQL, or the cluster launcher, its services and the run's own NATS server; the one-file baselines), and for
 * a PostgreSQL server the benchmark did not start (cluster mode, durable baseline), the backends pg_stat_activity shows serving the
 * platform's database.
 */

export const GROUP_NODE = 'node';
export const GROUP_PG_BACKENDS = 'postgres backends';
export const GROUP_PG_SERVER = 'postgres server';
export const GROUP_PG_SHARED = 'postgres server (shared, not counted)';
export const GROUP_NATS = 'nats-server';
/** The local cluster's launcher: its round-robin proxy plays the Kubernetes Service, which is not the platform's CPU. */
export const GROUP_PROXY = 'cluster proxy (not counted)';
export const GROUP_OTHER = 'other';

const PG_AUXILIARY =
  /^postgres: (?:[^:]+: )?(checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver|startup|walsummarizer|io worker\b.*|stats collector)\s*$/;

/** Group and label of a process below the benchmark, from its `comm` and command line (PostgreSQL's process title). */
export function classifyProcess(comm: string, cmdline: string): { group: string; label: string } {
  if (comm === 'postgres' || cmdline.startsWith('postgres:')) {
    const aux = PG_AUXILIARY.exec(cmdline.trim());
    if (aux) return { group: GROUP_PG_SERVER, label: aux[1] };
    if (!cmdline.startsWith('postgres:')) return { group: GROUP_PG_SERVER, label: 'postmaster' };
    if (/autovacuum worker/.test(cmdline)) return { group: GROUP_PG_BACKENDS, label: 'autovacuum worker' };
    return { group: GROUP_PG_BACKENDS, label: 'backend' };
  }
  if (comm === 'nats-server') return { group: GROUP_NATS, label: 'nats-server' };
  if (comm === 'node' || /(^|\/)node(\s|$)/.test(cmdline)) {
    const service = /dist\/apps\/([^/]+)\/src\/main\.js/.exec(cmdline);
    if (service) return { group: GROUP_NODE, label: service[1] };
    if (cmdline.includes('start-cluster')) return { group: GROUP_PROXY, label: 'cluster launcher + proxy' };
    if (cmdline.includes('in-memory-issuer')) return { group: GROUP_NODE, label: 'in-memory issuer' };
    if (cmdline.includes('durable-issuer')) return { group: GROUP_NODE, label: 'durable issuer' };
    return { group: GROUP_NODE, label: 'node' };
  }
  return { group: GROUP_OTHER, label: comm };
}

/**
 * A process of a PostgreSQL server the benchmark shares with others: a backend (or autovacuum worker) of the
 * platform's database counts; the server's own processes are shown but not counted (they work for every database);
 * backends of other databases are not the platform's.
 */
export function classifyActivity(activity: PgActivity, database: string): TrackedProcess | undefined {
  if (activity.datname === database) {
    const label = activity.backendType === 'autovacuum worker' ? 'autovacuum worker' : 'backend';
    return { pid: activity.pid, group: GROUP_PG_BACKENDS, label, counted: true };
  }
  if (activity.datname === null && activity.backendType !== 'client backend')
    return { pid: activity.pid, group: GROUP_PG_SHARED, label: activity.backendType, counted: false };
  return undefined;
}

export interface DiscoveryOptions {
  /** The benchmark's own pid: its descendants are the platform. */
  root: number;
  /** Processes to leave out (the monitoring connection's backend). */
  exclude: ReadonlySet<number>;
  /** Cluster mode: the shared server's processes serving `database`. */
  sharedServer?: { monitor: PgMonitor; database: string };
}

/** CPU this process spent reading /proc for the sampler (part of the load generator's figure, shown apart). */
export interface SamplerCost {
  micros: number;
}

function measured<T>(cost: SamplerCost | undefined, work: () => T): T {
  const start = process.cpuUsage();
  try {
    return work();
  } finally {
    const used = process.cpuUsage(start);
    if (cost) cost.micros += used.user + used.system;
  }
}

/** Finds the platform's processes now. Command lines are read once per pid. */
export function processFinder(options: DiscoveryOptions, cost?: SamplerCost): () => Promise<TrackedProcess[]> {
  const known = new Map<number, { group: string; label: string }>();
  return async () => {
    const found = measured(cost, () => {
      const below: TrackedProcess[] = [];
      for (const pid of descendantsOf(options.root, processParents())) {
        if (options.exclude.has(pid)) continue;
        let kind = known.get(pid);
        if (!kind) {
          const stat = readProcStat(pid);
          if (!stat) continue;
          kind = classifyProcess(stat.comm, readCmdline(pid));
          // An 'other' process (a shell, a helper) may still exec into what it becomes: ask again next time.
          if (kind.group !== GROUP_OTHER) known.set(pid, kind);
        }
        below.push({ pid, ...kind, counted: kind.group !== GROUP_OTHER && kind.group !== GROUP_PROXY });
      }
      return below;
    });
    if (options.sharedServer) {
      // A server below this process (one a harness started) is already counted from the walk above.
      const below = new Set(found.map((f) => f.pid));
      for (const activity of await options.sharedServer.monitor.activity()) {
        if (options.exclude.has(activity.pid) || below.has(activity.pid)) continue;
        const tracked = classifyActivity(activity, options.sharedServer.database);
        if (tracked) found.push(tracked);
      }
    }
    return found;
  };
}

/**
 * Reads the platform's processes at the opening of the window, every `intervalMs` while it is open (to see
 * processes that come and go) and at its closing.
 */
export class ProcessSampler {
  private timer?: NodeJS.Timeout;
  private polling = Promise.resolve();

  private constructor(
    private readonly window: CpuWindow,
    private readonly find: () => Promise<TrackedProcess[]>,
    private readonly cost?: SamplerCost,
  ) {}

  static async open(find: () => Promise<TrackedProcess[]>, hz: number, intervalMs = 500, cost?: SamplerCost): Promise<ProcessSampler> {
    const sampler = new ProcessSampler(new CpuWindow(await uptimeTicks(hz)), find, cost);
    await sampler.read(false);
    sampler.timer = setInterval(() => {
      sampler.polling = sampler.polling.then(() => sampler.read(false)).catch(() => undefined);
    }, intervalMs);
    return sampler;
  }

  private async read(final: boolean): Promise<void> {
    const processes = await this.find();
    measured(this.cost, () => {
      for (const process of processes) {
        const stat = readProcStat(process.pid);
        if (!stat) continue;
        this.window.observe(process, stat, final ? readPeakRssKb(process.pid) : undefined, final);
      }
    });
  }

  async close(): Promise<ProcessUsage[]> {
    clearInterval(this.timer);
    await this.polling;
    await this.read(true);
    return this.window.usage();
  }
}
