import type { QueryResult } from 'pg';
import type { Bus } from '../bus/bus';
import type { ServiceDatabase } from '../database/service-database';
import type { Logger } from '../observability/logger';
import { outboxPublished } from '../observability/metrics';

const BATCH_SIZE = 500;
const POLL_MS = 1000;
const COALESCE_MS = 5;
const MAX_BACKOFF_MS = 15_000;
/** A full scan (from the first unpublished row) runs at most this often; other passes start near the cursor. */
const FULL_SCAN_MS = 5000;
/**
 * How far behind the last published seq a fast pass starts. A seq is taken at insert but becomes visible
 * at commit, so a row with a lower seq can appear after higher ones; the lookback catches those, the
 * periodic full scan catches any straggler beyond it.
 */
const LOOKBACK = 1000n;

/**
 * Moves committed outbox rows onto the bus (JetStream in NATS mode) in insertion order. Writers call
 * `kick()` after commit for low latency; a poll catches everything else (rows of a crashed replica,
 * NATS outages). An advisory lock lets one replica drain at a time, which keeps the order; the event id is
 * the JetStream message id, so a retried publish is deduplicated by the server.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private kickTimer?: NodeJS.Timeout;
  private draining = false;
  private again = false;
  private failures = 0;
  private stopped = false;
  /** Fast passes read `seq > cursor`: rows before it were published, and scanning their dead index entries again costs O(table). */
  private cursor = 0n;
  private lastFullScan = 0;

  constructor(
    private readonly db: ServiceDatabase,
    private readonly table: string,
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
    while (this.draining) await new Promise((r) => setTimeout(r, 10));
  }

  /** Nest lifecycle hook: stops before the database pool closes. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /**
   * Asks for a drain within a few milliseconds. Kicks are coalesced: under load one pass publishes the
   * events of many requests, which keeps the relay's database round trips per event low.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.kickTimer ??= setTimeout(() => {
      this.kickTimer = undefined;
      void this.drain();
    }, COALESCE_MS);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.drain(), ms);
  }

  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      const full = Date.now() - this.lastFullScan >= FULL_SCAN_MS;
      if (full) this.lastFullScan = Date.now();
      let from = full ? 0n : this.cursor;
      do {
        this.again = false;
        while ((await this.publishBatch(from)) === BATCH_SIZE && !this.stopped) from = this.cursor;
        from = this.cursor;
        if (this.again) await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      } while (this.again && !this.stopped);
      this.failures = 0;
      this.schedule(POLL_MS);
    } catch (error) {
      this.failures++;
      const backoff = Math.min(POLL_MS * 2 ** this.failures, MAX_BACKOFF_MS);
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.logger.warn({ err: error, table: this.table, retryInMs: backoff }, 'outbox publish failed; events kept for retry');
      }
      this.schedule(backoff);
    } finally {
      this.draining = false;
    }
  }

  /**
   * Publishes up to one batch in a transaction; returns how many rows it published. Two round trips: the
   * first opens the transaction, takes the lock and reads the batch, the second marks and commits. The
   * connection commits without waiting for the WAL flush: a lost mark only means a re-publish, which
   * JetStream drops by message id.
   */
  private async publishBatch(after: bigint): Promise<number> {
    const client = await this.db.connectRelaxed();
    try {
      const [, lock, batch] = (await client.query(
        `BEGIN; SELECT pg_try_advisory_xact_lock(hashtext('outbox:${this.table}')) AS locked;
         SELECT seq, id, subject, payload FROM ${this.table} WHERE published_at IS NULL AND seq > ${after} ORDER BY seq LIMIT ${BATCH_SIZE}`,
      )) as unknown as QueryResult[];
      const rows = batch.rows as { seq: string; id: string; subject: string; payload: unknown }[];
      if (!lock.rows[0].locked || rows.length === 0) {
        await client.query('ROLLBACK');
        return 0;
      }
      await Promise.all(rows.map((row) => this.bus.publishDurable(row.subject, row.payload, row.id)));
      // seq values are bigints read from the table itself, so inlining them is safe.
      await client.query(
        `UPDATE ${this.table} SET published_at = now() WHERE seq = ANY('{${rows.map((r) => r.seq).join(',')}}'::bigint[]); COMMIT`,
      );
      outboxPublished.inc({ schema: this.db.schema }, rows.length);
      const last = BigInt(rows[rows.length - 1].seq) - LOOKBACK;
      if (last > this.cursor) this.cursor = last;
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
