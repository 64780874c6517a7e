import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { Pool, type PoolClient } from 'pg';
import type { Logger } from '../observability/logger';
import { asDatabaseUnavailable, DatabaseUnavailableError } from './database-unavailable';
import { guardPoolClients, isLostClient } from './pool-client-guard';
import { isStalePreparedStatement, PreparedStatements } from './prepared-statements';

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own PostgreSQL schema; its migrations table lives there too. */
  schema: string;
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations: MixedList<string | (new () => unknown)>;
  poolSize: number;
  applicationName: string;
  /** Whether statements run with `{ prepared: true }` are named prepared statements (DB_PREPARED_STATEMENTS). */
  preparedStatements?: boolean;
}

export interface SqlOptions {
  /**
   * Run as a named prepared statement (see PreparedStatements): for hot statements whose text comes from a small
   * fixed set. Dynamic texts (filters, lists of varying length) stay unnamed.
   */
  prepared?: boolean;
}

/**
 * One service's database access: a TypeORM DataSource bound to the service's schema. `synchronize` is
 * off; the schema only changes through the service's reversible migrations.
 */
export class ServiceDatabase {
  private constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
    /** Connections whose commits do not wait for the WAL flush (see sqlRelaxed). */
    private readonly relaxedPool: Pool,
    private readonly statements: PreparedStatements,
    private readonly logger: Logger,
  ) {}

  private staleWarnedAt = 0;

  static async open(options: ServiceDatabaseOptions, logger: Logger, migrate: boolean): Promise<ServiceDatabase> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: false,
      applicationName: options.applicationName,
      extra: { max: options.poolSize, idleTimeoutMillis: 30_000 },
      // guardPoolClients below logs and classifies pool errors.
      poolErrorHandler: () => undefined,
    });
    await dataSource.initialize();
    const relaxedPool = new Pool({
      connectionString: options.url,
      max: Math.max(2, Math.ceil(options.poolSize / 2)),
      application_name: `${options.applicationName}:relaxed`,
      options: '-c synchronous_commit=off',
      idleTimeoutMillis: 30_000,
    });
    const db = new ServiceDatabase(
      dataSource,
      options.schema,
      relaxedPool,
      new PreparedStatements(options.preparedStatements ?? true),
      logger,
    );
    // A server restart or failover ends every connection, idle or checked out; none of that may crash the
    // process: the pools replace lost connections on the next query.
    for (const pool of [db.pool, relaxedPool]) guardPoolClients(pool, logger, options.schema);
    if (migrate) await db.migrate(logger);
    return db;
  }

  /** Creates the schema if needed and applies pending migrations (idempotent; safe with several replicas). */
  async migrate(logger: Logger): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Serialise concurrent replicas: only one runs a schema's migrations at a time.
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${this.schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) logger.info({ schema: this.schema, migrations: applied.map((m) => m.name) }, 'migrations applied');
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${this.schema}`]).catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Runs one statement on the pg pool directly: the hot path skips TypeORM's query layer, and UPDATE/DELETE
   * results keep pg's plain `{ rows, rowCount }` shape.
   */
  sql<T = Record<string, unknown>>(text: string, parameters?: unknown[], options?: SqlOptions): Promise<{ rows: T[]; rowCount: number }> {
    return this.run<T>(this.pool, text, parameters, options);
  }

  /**
   * Runs one statement whose commit need not wait for the WAL flush (`synchronous_commit = off`): for
   * writes that only record what happened (observational events without a state change), where a
   * database crash may lose the last fraction of a second but never corrupts anything. Saves an fsync.
   */
  sqlRelaxed<T = Record<string, unknown>>(
    text: string,
    parameters?: unknown[],
    options?: SqlOptions,
  ): Promise<{ rows: T[]; rowCount: number }> {
    return this.run<T>(this.relaxedPool, text, parameters, options);
  }

  private async run<T>(pool: Pool, text: string, parameters: unknown[] | undefined, options: SqlOptions | undefined) {
    const unnamed = () => pool.query(text, parameters);
    const query = options?.prepared ? this.statements.query(text, parameters) : undefined;
    const result = await (query?.name ? pool.query(query) : unnamed())
      .catch((error: unknown) => {
        if (!query?.name || !isStalePreparedStatement(error)) throw error;
        // A prepared statement a migration or a pooler made unusable runs again unnamed (see isStalePreparedStatement).
        this.noteStaleStatement(error);
        return unnamed();
      })
      .catch(rethrowCoded);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  /** At most one warning a minute: after a migration it is a passing thing; all the time, it is a pooler. */
  private noteStaleStatement(error: unknown): void {
    const now = Date.now();
    if (now - this.staleWarnedAt < 60_000) return;
    this.staleWarnedAt = now;
    this.logger.warn(
      { schema: this.schema, code: (error as { code?: string }).code },
      'a prepared statement could not be used and ran unnamed; behind a pooler without prepared statement support set DB_PREPARED_STATEMENTS=false',
    );
  }

  /** A connection of the relaxed pool for a multi-statement unit of work; the caller releases it. */
  connectRelaxed(): Promise<PoolClient> {
    return this.relaxedPool.connect().catch(rethrowCoded);
  }

  /**
   * Runs `work` in one transaction on one pooled connection; rolls back on any error. A connection that
   * was lost or could not roll back is destroyed instead of going back to the pool in an unknown state.
   */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(rethrowCoded);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      // A statement on a connection that was lost fails without a code ("not queryable"); the loss is known here.
      if (isLostClient(client)) throw new DatabaseUnavailableError(error);
      throw asDatabaseUnavailable(error);
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (!this.relaxedPool.ended) await this.relaxedPool.end();
  }

  /** Nest lifecycle hook: the pool closes after the HTTP server and the module timers stopped. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

function rethrowCoded(error: unknown): never {
  throw asDatabaseUnavailable(error);
}
