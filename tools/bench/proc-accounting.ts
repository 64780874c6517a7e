import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * CPU time and peak memory of processes, read from Linux /proc: `utime + stime` of /proc/<pid>/stat (clock ticks)
 * and `VmHWM` of /proc/<pid>/status. The parsing and the window arithmetic are pure; the readers are thin.
 */

/** The fields of /proc/<pid>/stat the benchmark uses (times in clock ticks). */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  /** Start time after boot, clock ticks. */
  starttime: number;
}

/**
 * Parses one /proc/<pid>/stat line. `comm` is in parentheses and may itself hold spaces and parentheses, so the
 * fields after it are counted from the last ')'. Fields (proc(5), 1-based): 4 ppid, 14 utime, 15 stime, 22 starttime.
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state): field n is rest[n - 3].
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat field ${n} missing: ${line.slice(0, 80)}`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    starttime: field(22),
  };
}

/** VmHWM (peak resident set) and VmRSS of /proc/<pid>/status, in kB; undefined for kernel threads and zombies. */
export function parseProcStatus(text: string): { peakRssKb?: number; rssKb?: number } {
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return { peakRssKb: kb('VmHWM'), rssKb: kb('VmRSS') };
}

/** Every process that descends from `root` (not `root` itself), given each process's parent. */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A process the benchmark accounts for, with the group its CPU is summed under. */
export interface TrackedProcess {
  pid: number;
  /** e.g. `node`, `postgres backends`, `postgres server`, `nats`. */
  group: string;
  /** e.g. `issuer-api#1`, `postgres: checkpointer`. */
  label: string;
  /** Processes of a group marked `counted: false` are reported but stay out of the platform's total. */
  counted: boolean;
}

/** What one process used inside the measured window. */
export interface ProcessUsage extends TrackedProcess {
  /** CPU ticks used inside the window (utime + stime). */
  ticks: number;
  /** Whether it started after the window opened (then all its CPU is inside the window). */
  bornInWindow: boolean;
  /** Whether it was gone at the last reading (its CPU after the last poll that saw it is lost). */
  exited: boolean;
  peakRssKb?: number;
}

interface Reading {
  process: TrackedProcess;
  startTicks: number;
  lastTicks: number;
  starttime: number;
  bornInWindow: boolean;
  seenAtEnd: boolean;
  peakRssKb?: number;
}

/**
 * The accounting of one window from successive readings: a process read at the opening counts from its reading
 * then; one that appears later counts from zero if it started after the opening (its starttime), else from its
 * first reading (its CPU between the opening and then is unknown, so lost). A process that exits between two
 * readings keeps its last reading. Readings are fed by `observe`, in time order.
 */
export class CpuWindow {
  private readonly readings = new Map<string, Reading>();

  /** `openedAt`: the window's opening, in clock ticks after boot (as `starttime`). */
  constructor(private readonly openedAt: number) {}

  observe(process: TrackedProcess, stat: ProcStat, peakRssKb?: number, final = false): void {
    const key = `${process.pid}:${stat.starttime}`;
    const ticks = stat.utime + stat.stime;
    const known = this.readings.get(key);
    if (known) {
      known.lastTicks = ticks;
      known.peakRssKb = peakRssKb ?? known.peakRssKb;
      known.seenAtEnd ||= final;
      return;
    }
    const bornInWindow = stat.starttime >= this.openedAt;
    this.readings.set(key, {
      process,
      startTicks: bornInWindow ? 0 : ticks,
      lastTicks: ticks,
      starttime: stat.starttime,
      bornInWindow,
      seenAtEnd: final,
      peakRssKb,
    });
  }

  usage(): ProcessUsage[] {
    return [...this.readings.values()].map((r) => ({
      ...r.process,
      ticks: r.lastTicks - r.startTicks,
      bornInWindow: r.bornInWindow,
      exited: !r.seenAtEnd,
      peakRssKb: r.peakRssKb,
    }));
  }
}

/** CPU of one group in milliseconds, with its processes. */
export interface GroupUsage {
  group: string;
  counted: boolean;
  cpuMs: number;
  processes: number;
  /** Of those, how many started inside the window and how many were gone at its end (CPU after their last reading lost). */
  started: number;
  exited: number;
  peakRssKb?: number;
}

/** Sums a window's usage per group (ticks → ms with the kernel's USER_HZ); peak RSS is the largest of the group's. */
export function sumByGroup(usage: readonly ProcessUsage[], clockTicksPerSecond: number): GroupUsage[] {
  const groups = new Map<string, GroupUsage>();
  for (const u of usage) {
    const g = groups.get(u.group) ?? { group: u.group, counted: u.counted, cpuMs: 0, processes: 0, started: 0, exited: 0 };
    g.cpuMs += (u.ticks * 1000) / clockTicksPerSecond;
    g.processes++;
    if (u.bornInWindow) g.started++;
    if (u.exited) g.exited++;
    if (u.peakRssKb !== undefined) g.peakRssKb = Math.max(g.peakRssKb ?? 0, u.peakRssKb);
    groups.set(u.group, g);
  }
  return [...groups.values()];
}

/** The kernel's USER_HZ (the unit of /proc/<pid>/stat times): `getconf CLK_TCK`, 100 on every common Linux. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Seconds since boot (/proc/uptime) in clock ticks: the scale of `starttime`. */
export async function uptimeTicks(hz: number): Promise<number> {
  const [seconds] = (await readFile('/proc/uptime', 'utf8')).split(' ');
  return Math.floor(Number(seconds) * hz);
}

/**
 * /proc/<pid>/stat of a process, or undefined once it is gone. The /proc readers are synchronous: a read of a /proc
 * file does not block on a disk, and the sampler can then measure exactly what its readings cost this process.
 */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readPeakRssKb(pid: number): number | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8')).peakRssKb;
  } catch {
    return undefined;
  }
}

/** The command line of a process (NUL-separated arguments joined by spaces; PostgreSQL puts its process title here). */
export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** One variable of a process's initial environment (/proc/<pid>/environ; our own children only). */
export async function readEnvironVariable(pid: number, name: string): Promise<string | undefined> {
  try {
    const entry = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').find((e) => e.startsWith(`${name}=`));
    return entry?.slice(name.length + 1);
  } catch {
    return undefined;
  }
}

/** The parent of every live process. */
export function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) parents.set(stat.pid, stat.ppid);
  }
  return parents;
}
