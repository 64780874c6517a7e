import type { Bus } from '../bus/bus';
import type { ServiceDatabase } from '../database/service-database';
import type { Logger } from '../observability/logger';
import { outboxPublished } from '../observability/metrics';

const BATCH_SIZE = 500;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 15_000;

/**
 * Moves committed outbox rows onto the bus (JetStream in NATS mode) in insertion order. Writers call
 * `kick()` after commit for low latency; a poll catches everything else (rows of a crashed replica,
 * NATS outages). An advisory lock lets one replica drain at a time, which keeps the order; the event id is
 * the JetStream message id, so a retried publish is deduplicated by the server.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private draining = false;
  private again = false;
  private failures = 0;
  private stopped = false;

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
    while (this.draining) await new Promise((r) => setTimeout(r, 10));
  }

  /** Nest lifecycle hook: stops before the database pool closes. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Asks for a drain soon; calls made while a drain runs are coalesced into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    setImmediate(() => void this.drain());
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.drain(), ms);
  }

  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      do {
        this.again = false;
        while ((await this.publishBatch()) === BATCH_SIZE && !this.stopped);
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

  /** Publishes up to one batch in a transaction; returns how many rows it published. */
  private publishBatch(): Promise<number> {
    return this.db.transaction(async (client) => {
      // Marking rows published need not wait for the WAL flush: if a crash loses the mark, the rows are
      // published again and JetStream drops the duplicates by message id. This halves the fsyncs per event.
      await client.query('SET LOCAL synchronous_commit = off');
      const lock = await client.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`outbox:${this.table}`]);
      if (!lock.rows[0].locked) return 0;
      const { rows } = await client.query(
        `SELECT seq, id, subject, payload FROM ${this.table} WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH_SIZE}`,
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((row) => this.bus.publishDurable(row.subject, row.payload, row.id)));
      await client.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      outboxPublished.inc({ schema: this.db.schema }, rows.length);
      return rows.length;
    });
  }
}
