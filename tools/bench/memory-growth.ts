/**
 * Memory of a process over a soak: its resident set read from /proc/<pid>/status every few seconds, and how much it
 * grew after the warm-up. Pure functions; the soak runner (soak.ts) feeds them.
 */

/** The resident set of /proc/<pid>/status in kB: VmRSS and its parts (proc(5): RssAnon + RssFile + RssShmem). */
export interface MemoryReading {
  rssKb: number;
  /** RssShmem: shared memory mapped by the process (PostgreSQL's shared buffer pool, as far as this backend touched it). */
  shmemKb: number;
}

/** VmRSS and RssShmem of a /proc/<pid>/status text; undefined for kernel threads and zombies (no VmRSS). */
export function parseMemoryStatus(text: string): MemoryReading | undefined {
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const rssKb = kb('VmRSS');
  if (rssKb === undefined) return undefined;
  return { rssKb, shmemKb: kb('RssShmem') ?? 0 };
}

/** One reading of one process, `seconds` after the soak's load started. */
export interface MemorySample {
  seconds: number;
  kb: number;
}

export interface MemoryGrowth {
  /** Median of the samples in the first `windowSeconds` after the warm-up. */
  warmKb: number;
  /** Median of the samples in the last `windowSeconds` of the soak. */
  endKb: number;
  /** Largest sample after the warm-up. */
  maxKb: number;
  /** (end − warm) / warm, in %. */
  growthPct: number;
  /** Least-squares slope of the samples after the warm-up, kB per minute (growth that has not levelled off shows here). */
  slopeKbPerMinute: number;
  /** Samples after the warm-up the figures come from. */
  samples: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function slopePerMinute(samples: readonly MemorySample[]): number {
  if (samples.length < 2) return 0;
  const meanT = samples.reduce((s, x) => s + x.seconds, 0) / samples.length;
  const meanKb = samples.reduce((s, x) => s + x.kb, 0) / samples.length;
  let num = 0;
  let den = 0;
  for (const { seconds, kb } of samples) {
    num += (seconds - meanT) * (kb - meanKb);
    den += (seconds - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * Growth of a process's memory after the warm-up. The two ends are medians over a window, not single readings: a
 * Node process's RSS saws up and down with its garbage collections, and one reading at a peak or a trough would
 * read as growth or shrinkage that is not there. Undefined when the process was not seen both in the first window
 * after the warm-up and in the last window (it started later or was gone before the end).
 */
export function memoryGrowth(
  samples: readonly MemorySample[],
  options: { warmupSeconds: number; endSeconds: number; windowSeconds: number },
): MemoryGrowth | undefined {
  const after = samples.filter((s) => s.seconds >= options.warmupSeconds);
  const first = after.filter((s) => s.seconds < options.warmupSeconds + options.windowSeconds);
  const last = after.filter((s) => s.seconds > options.endSeconds - options.windowSeconds);
  if (first.length === 0 || last.length === 0) return undefined;
  const warmKb = median(first.map((s) => s.kb));
  const endKb = median(last.map((s) => s.kb));
  return {
    warmKb,
    endKb,
    maxKb: Math.max(...after.map((s) => s.kb)),
    growthPct: warmKb > 0 ? ((endKb - warmKb) / warmKb) * 100 : NaN,
    slopeKbPerMinute: slopePerMinute(after),
    samples: after.length,
  };
}
