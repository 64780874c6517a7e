import { Client } from 'pg';

/**
 * What the platform's database did, from PostgreSQL's cumulative statistics: pg_stat_database (transactions, rows)
 * and pg_stat_user_tables (HOT updates) of the platform's database, WAL bytes (server-wide) and, when the
 * pg_stat_statements extension is installed in that database, the number of statements executed.
 */
export interface PgCounters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
  /** Rows returned by sequential scans plus rows fetched by index scans. */
  read: number;
  /** pg_current_wal_lsn() as a byte position (the whole server's WAL, not only this database's). */
  walPosition: number;
  /** Sum of pg_stat_statements.calls for this database (the monitor's own queries left out); undefined without the extension. */
  statements?: number;
}

export type PgCounterDelta = PgCounters;

/** `after - before`, field by field; statements only when both readings have them. */
export function diffCounters(before: PgCounters, after: PgCounters): PgCounterDelta {
  const delta = {} as PgCounterDelta;
  for (const key of Object.keys(after) as (keyof PgCounters)[]) {
    const a = after[key];
    const b = before[key];
    if (a === undefined || b === undefined) continue;
    delta[key] = a - b;
  }
  return delta;
}

/** A pg_lsn text (`16/B374D848`: high and low 32-bit halves in hex) as a byte position. */
export function lsnToBytes(lsn: string): number {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn.trim());
  if (!match) throw new Error(`not a pg_lsn: ${lsn}`);
  return parseInt(match[1], 16) * 2 ** 32 + parseInt(match[2], 16);
}

/** One normalised statement's work in the measured window (pg_stat_statements). */
export interface StatementUsage {
  query: string;
  calls: number;
  totalMs: number;
  /** Planning time; 0 unless the server has `pg_stat_statements.track_planning` on. */
  planMs: number;
  rows: number;
  /** Shared buffers hit plus read: how much of the database the statement touched. */
  blocks: number;
}

/** A PostgreSQL process as pg_stat_activity lists it. */
export interface PgActivity {
  pid: number;
  backendType: string;
  datname: string | null;
}

/** A monitoring connection to the platform's database (one extra backend, left out of the accounting). */
export class PgMonitor {
  private statementsAvailable = false;
  private backendPid = 0;

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<PgMonitor> {
    const client = new Client({ connectionString: url, application_name: 'issuer-bench-monitor' });
    await client.connect();
    const monitor = new PgMonitor(client);
    monitor.backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const ext = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    if (ext.rowCount) {
      try {
        await client.query('SELECT calls FROM pg_stat_statements LIMIT 1');
        monitor.statementsAvailable = true;
      } catch {
        // Installed but not in shared_preload_libraries: no figures.
      }
    }
    return monitor;
  }

  /** This connection's own backend, to leave out of the CPU accounting. */
  get ownPid(): number {
    return this.backendPid;
  }

  async counters(): Promise<PgCounters> {
    // Each query is its own transaction, so no cached statistics snapshot is reused.
    const db = (
      await this.client.query(
        `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned + tup_fetched AS read
           FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0];
    const tables = (await this.client.query(`SELECT coalesce(sum(n_tup_hot_upd), 0) AS hot FROM pg_stat_user_tables`)).rows[0];
    const wal = (await this.client.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0];
    const counters: PgCounters = {
      commits: Number(db.xact_commit),
      rollbacks: Number(db.xact_rollback),
      inserted: Number(db.tup_inserted),
      updated: Number(db.tup_updated),
      hotUpdated: Number(tables.hot),
      deleted: Number(db.tup_deleted),
      read: Number(db.read),
      walPosition: lsnToBytes(wal.lsn),
    };
    if (this.statementsAvailable) {
      const s = await this.client.query(
        `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_%' AND query NOT LIKE '%pg_current_wal_lsn%' AND query NOT LIKE '%pg_backend_pid%'`,
      );
      counters.statements = Number(s.rows[0].calls);
    }
    return counters;
  }

  /** Forgets the statement statistics, so `topStatements` covers the window that starts now. */
  async resetStatements(): Promise<void> {
    if (!this.statementsAvailable) return;
    // This database's statements only (a shared server's other databases keep theirs); a user without the right to
    // reset gets no statement figures rather than a failed run.
    try {
      await this.client.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
    } catch {
      this.statementsAvailable = false;
    }
  }

  /** The platform's statements by execution plus planning time since `resetStatements` (empty without the extension). */
  async topStatements(limit: number): Promise<StatementUsage[]> {
    if (!this.statementsAvailable) return [];
    const { rows } = await this.client.query<{ query: string; calls: string; total: number; plan: number; rows: string; blocks: string }>(
      `SELECT query, calls, total_exec_time AS total, total_plan_time AS plan, rows, shared_blks_hit + shared_blks_read AS blocks
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND userid <> 0
          AND query NOT LIKE '%pg_stat_%' AND query NOT LIKE '%pg_current_wal_lsn%' AND query NOT LIKE '%pg_backend_pid%'
        ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      query: r.query,
      calls: Number(r.calls),
      totalMs: r.total,
      planMs: r.plan,
      rows: Number(r.rows),
      blocks: Number(r.blocks),
    }));
  }

  /** Every PostgreSQL process of the server that pg_stat_activity shows, but this connection's. */
  async activity(): Promise<PgActivity[]> {
    const { rows } = await this.client.query<{ pid: number; backend_type: string; datname: string | null }>(
      `SELECT pid, backend_type, datname FROM pg_stat_activity WHERE pid <> pg_backend_pid()`,
    );
    return rows.map((r) => ({ pid: r.pid, backendType: r.backend_type, datname: r.datname }));
  }

  async databaseName(): Promise<string> {
    return (await this.client.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
