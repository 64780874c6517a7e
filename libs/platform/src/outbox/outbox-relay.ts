import type { PoolClient, QueryResult } from 'pg';
import type { Bus } from '../bus/bus';
import type { ServiceDatabase } from '../database/service-database';
import type { Logger } from '../observability/logger';
import { outboxPublished } from '../observability/metrics';
import { outboxCursorTable } from './outbox-table';

const BATCH_SIZE = 500;
const POLL_MS = 1000;
const COALESCE_MS = 5;
/**
 * Under load (kicks arriving while a pass runs), the gap before the next pass: each pass costs two round trips and
 * seven statements whatever it carries, and in a cluster every replica's relay is kicked by its own writes while only
 * one can hold the lock, so fewer, fuller passes; an event waits at most this much longer. 100 ms rather than 25 ms:
 * in the cluster benchmark 5.2 → 4.0 statements and 0.13 → 0.04 rollbacks (lost passes) per credential.
 */
const BUSY_GAP_MS = 100;
const MAX_BACKOFF_MS = 15_000;
/** Retry delay while committed rows wait for an older transaction to finish (usually a few milliseconds). */
const WAITING_RETRY_MS = 20;
/** How long the oldest waiting row may wait for older transactions before it goes out ahead of them; also the least
 * time between two such passes. */
const EARLY_AFTER_MS = 1000;
/** At most this many rows are published ahead of the high-water mark; beyond, they wait. */
const EARLY_CAP = 10_000;

interface OutboxRow {
  seq: string;
  txid: string;
  id: string;
  subject: string;
  payload: unknown;
}

interface Cursor {
  txid: string;
  seq: string;
  early: string[];
}

interface Position {
  txid: bigint;
  seq: bigint;
}

const after = (row: Position, mark: Position) => row.txid > mark.txid || (row.txid === mark.txid && row.seq > mark.seq);
const positionOf = (row: OutboxRow): Position => ({ txid: BigInt(row.txid), seq: BigInt(row.seq) });

/**
 * Moves committed outbox rows onto the bus (JetStream in NATS mode) without writing to them. Each row carries the
 * id of the transaction that wrote it; the relay publishes in (txid, seq) order and keeps a high-water mark in
 * `<schema>.outbox_cursors`. A row is final once every transaction with a lower id has ended (its txid is below the
 * snapshot's xmin): no row can appear behind the mark after it moved past. Rows of transactions that committed
 * while an older one still runs wait for it; if that takes longer than a second (a long transaction anywhere on
 * the server), they are published ahead of the mark and their seqs kept in the cursor row (`early`), so nothing is
 * published twice and the mark skips them later.
 *
 * Writers call `kick()` after commit for low latency; a poll catches everything else (rows of a crashed replica,
 * NATS outages). An advisory lock lets one replica publish at a time, which keeps the order; the event id is the
 * JetStream message id, so a publish retried after a failure is deduplicated by the server.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private kickTimer?: NodeJS.Timeout;
  private draining = false;
  private again = false;
  private failures = 0;
  private stopped = false;
  /** The first row seen waiting for older transactions, and since when (EARLY_AFTER_MS). */
  private waitingFor?: { txid: bigint; since: number };
  /** When rows last went out ahead of the mark (at most once per EARLY_AFTER_MS). */
  private lastEarlyPass = 0;
  private readonly cursors: string;

  constructor(
    private readonly db: ServiceDatabase,
    private readonly table: string,
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {
    this.cursors = outboxCursorTable(table.split('.')[0]);
  }

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
      let outcome: 'more' | 'waiting' | 'done';
      do {
        this.again = false;
        while ((outcome = await this.publishPass()) === 'more' && !this.stopped);
        if (this.again) await new Promise((resolve) => setTimeout(resolve, BUSY_GAP_MS));
      } while (this.again && !this.stopped);
      this.failures = 0;
      this.schedule(outcome === 'waiting' ? WAITING_RETRY_MS : POLL_MS);
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
   * One pass in one transaction, usually two round trips: the first takes the lock, reads the mark, the final rows
   * after it (txid below the xmin of the statement's own snapshot: every older transaction has ended, so nothing can
   * still appear among them) and the first row that waits for an older transaction; the second moves the mark and
   * commits. The connection commits without waiting for the WAL flush: a lost mark only means a re-publish, which
   * JetStream drops by message id. Returns 'more' after a full batch, 'waiting' when committed rows wait.
   */
  private async publishPass(): Promise<'more' | 'waiting' | 'done'> {
    const client = await this.db.connectRelaxed();
    try {
      // Every value inlined below is the relay's own table name. The mark comes in through scalar subqueries (init
      // plans), so that the row comparison is an index condition: with a join, the planner may walk the whole table.
      const field = (column: string) => `(SELECT ${column} FROM ${this.cursors} WHERE outbox = '${this.table}')`;
      // Taking the lock again is a no-op for its holder; as an init plan it keeps a replica that lost the lock from
      // reading (and shipping) the rows the holder publishes. Under load in a cluster, about a third of passes lose.
      const lockTaken = `pg_try_advisory_xact_lock(hashtext('outbox:${this.table}'))`;
      const afterMark = `(SELECT ${lockTaken}) AND (e.txid, e.seq) > (${field('txid')}, ${field('seq')})`;
      const [, lock, state, batch, firstWaiting] = (await client.query(
        `BEGIN; SELECT ${lockTaken} AS locked;
         SELECT txid::text AS txid, seq::text AS seq, early::text[] AS early FROM ${this.cursors} WHERE outbox = '${this.table}';
         SELECT e.seq::text AS seq, e.txid::text AS txid, e.id, e.subject, e.payload FROM ${this.table} e
          WHERE ${afterMark} AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.txid, e.seq LIMIT ${BATCH_SIZE};
         SELECT e.txid::text AS txid FROM ${this.table} e
          WHERE ${afterMark} AND e.txid >= pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.txid, e.seq LIMIT 1`,
      )) as unknown as QueryResult[];
      const cursor = state.rows[0] as Cursor | undefined;
      if (!lock.rows[0].locked || !cursor) {
        await client.query('ROLLBACK');
        if (!cursor) throw new Error(`no outbox cursor row for ${this.table}: run the migrations`);
        return 'done';
      }
      const waitingTxid = (firstWaiting.rows[0] as { txid: string } | undefined)?.txid;
      return await this.publishRows(client, cursor, batch.rows as OutboxRow[], waitingTxid === undefined ? undefined : BigInt(waitingTxid));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async publishRows(
    client: PoolClient,
    cursor: Cursor,
    final: OutboxRow[],
    waitingTxid: bigint | undefined,
  ): Promise<'more' | 'waiting' | 'done'> {
    const early = new Set(cursor.early);
    const start: Position = { txid: BigInt(cursor.txid), seq: BigInt(cursor.seq) };
    const mark = final.length ? positionOf(final[final.length - 1]) : start;
    const toPublish = final.filter((row) => !early.has(row.seq));

    if (waitingTxid === undefined) this.waitingFor = undefined;
    const held = waitingTxid !== undefined && final.length === 0 && this.waitedTooLong(waitingTxid);
    // While the mark is held, rows go out ahead of it at most once per EARLY_AFTER_MS: such a pass re-reads every
    // row after the mark, and kicks under load would otherwise repeat it every few milliseconds.
    const publishEarly = held && Date.now() - this.lastEarlyPass >= EARLY_AFTER_MS;
    if (publishEarly) this.lastEarlyPass = Date.now();
    const newlyEarly: string[] = [];
    if (publishEarly) {
      for (const row of await this.waitingRows(client, mark)) {
        if (early.has(row.seq)) continue;
        if (early.size + newlyEarly.length >= EARLY_CAP) break;
        newlyEarly.push(row.seq);
        toPublish.push(row);
      }
    }

    await Promise.all(toPublish.map((row) => this.bus.publishDurable(row.subject, row.payload, row.id)));
    const moved = after(mark, start);
    if (moved || newlyEarly.length) {
      // Early seqs the mark has passed are dropped from the list: the mark covers them now.
      const keep = [...cursor.early, ...newlyEarly];
      await client.query(
        `UPDATE ${this.cursors} c SET txid = '${mark.txid}', seq = ${mark.seq},
           early = ${
             keep.length === 0
               ? `'{}'`
               : `ARRAY(SELECT s FROM unnest('{${keep.join(',')}}'::bigint[]) s
             WHERE NOT EXISTS (SELECT 1 FROM ${this.table} e WHERE e.seq = s AND (e.txid, e.seq) <= ('${mark.txid}'::xid8, ${mark.seq})))`
           }
         WHERE c.outbox = '${this.table}'; COMMIT`,
      );
    } else {
      await client.query('COMMIT');
    }
    if (toPublish.length) outboxPublished.inc({ schema: this.db.schema }, toPublish.length);
    if (final.length === BATCH_SIZE) return 'more';
    // While the mark is held, the next early pass comes with the poll (or a kick) a second later, not in milliseconds.
    if (held) return 'done';
    return waitingTxid !== undefined ? 'waiting' : 'done';
  }

  /** Whether the first waiting row has been the first one for EARLY_AFTER_MS (older transactions hold the mark). */
  private waitedTooLong(txid: bigint): boolean {
    const now = Date.now();
    if (!this.waitingFor || this.waitingFor.txid !== txid) {
      this.waitingFor = { txid, since: now };
      return false;
    }
    return now - this.waitingFor.since >= EARLY_AFTER_MS;
  }

  /** The committed rows after the mark that wait for older transactions, page by page, up to twice the cap. */
  private async waitingRows(client: PoolClient, mark: Position): Promise<OutboxRow[]> {
    const all: OutboxRow[] = [];
    let from = mark;
    for (;;) {
      const { rows } = await client.query<OutboxRow>(
        `SELECT seq::text AS seq, txid::text AS txid, id, subject, payload FROM ${this.table}
          WHERE (txid, seq) > ('${from.txid}'::xid8, ${from.seq}) ORDER BY txid, seq LIMIT ${BATCH_SIZE}`,
      );
      all.push(...rows);
      if (rows.length < BATCH_SIZE || all.length >= EARLY_CAP * 2) return all;
      from = positionOf(rows[rows.length - 1]);
    }
  }
}
