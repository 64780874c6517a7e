import { Counter } from 'prom-client';
import { metricsRegistry, type Logger } from '@issuer/platform';
import type { KeyUsage } from './key.repository';

export const keySignatures = new Counter({
  name: 'kms_key_signatures_total',
  help: 'Signatures made by kms, by algorithm',
  labelNames: ['alg'],
  registers: [metricsRegistry],
});

export const USAGE_FLUSH_MS = 5000;

/**
 * Counts signatures per key without a database write per signature (signing is the hot path): counts
 * accumulate in memory and are added to kms.keys in one statement every few seconds and at shutdown.
 * A failed flush keeps its counts for the next one.
 */
export class KeyUsageRecorder {
  private pending = new Map<string, { count: number; lastUsedAt: Date }>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly write: (usage: KeyUsage[]) => Promise<void>,
    private readonly logger?: Logger,
    private readonly flushMs = USAGE_FLUSH_MS,
  ) {}

  record(keyId: string, alg: string, at = new Date()): void {
    this.add(keyId, alg, 1, at);
  }

  /** The signatures of one batched request: one counter update per key and algorithm, not one per signature. */
  recordBatch(uses: { keyId: string; alg: string }[], at = new Date()): void {
    const counts = new Map<string, { keyId: string; alg: string; count: number }>();
    for (const { keyId, alg } of uses) {
      const key = `${keyId}\u0000${alg}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { keyId, alg, count: 1 });
    }
    for (const { keyId, alg, count } of counts.values()) this.add(keyId, alg, count, at);
  }

  private add(keyId: string, alg: string, count: number, at: Date): void {
    keySignatures.inc({ alg }, count);
    const entry = this.pending.get(keyId);
    if (entry) {
      entry.count += count;
      if (at > entry.lastUsedAt) entry.lastUsedAt = at;
    } else {
      this.pending.set(keyId, { count, lastUsedAt: at });
    }
  }

  /** Drops the pending counts of a deleted key (the UPDATE would not find its row anyway). */
  forget(keyId: string): void {
    this.pending.delete(keyId);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Writes what accumulated so far; concurrent calls share one write. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.write([...batch].map(([keyId, u]) => ({ keyId, count: u.count, lastUsedAt: u.lastUsedAt })))
      .catch((error: unknown) => {
        for (const [keyId, u] of batch) {
          const entry = this.pending.get(keyId);
          this.pending.set(
            keyId,
            entry ? { count: entry.count + u.count, lastUsedAt: entry.lastUsedAt > u.lastUsedAt ? entry.lastUsedAt : u.lastUsedAt } : u,
          );
        }
        this.logger?.warn({ err: error, keys: batch.size }, 'kms usage flush failed; counts kept for the next flush');
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }
}
