import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createCapturingLogger, createTestDatabase } from '@issuer/testing';
import { PreparedStatements } from './prepared-statements';
import { ServiceDatabase } from './service-database';

const silent = pino({ level: 'silent' });
const SELECT_ROWS = 'SELECT * FROM prepared_test.t WHERE n >= $1 ORDER BY n';

/** The statements prepared on the pool's one connection (pg_prepared_statements is per session). */
async function preparedOnConnection(db: ServiceDatabase): Promise<string[]> {
  const { rows } = await db.sql<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time');
  return rows.map((r) => r.statement);
}

describe('ServiceDatabase prepared statements', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const opened: ServiceDatabase[] = [];
  const open = async (preparedStatements: boolean, logger = silent) => {
    const db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'prepared_test',
        entities: [],
        migrations: [],
        poolSize: 1,
        applicationName: 'itest',
        preparedStatements,
      },
      logger,
      false, // one connection: TypeORM's migration run would wait for a second one
    );
    opened.push(db);
    return db;
  };

  before(async () => {
    database = await createTestDatabase('prepared');
    const db = await open(false);
    await db.sql('CREATE SCHEMA prepared_test');
    await db.sql('CREATE TABLE prepared_test.t (n int)');
    await db.sql('INSERT INTO prepared_test.t VALUES (1), (2), (3)');
  });
  after(async () => {
    for (const db of opened) await db.close();
    await database?.drop();
  });

  it('prepares a statement marked prepared once per connection, and leaves the others unnamed', async () => {
    const db = await open(true);
    for (const from of [1, 2, 3]) {
      const { rows } = await db.sql<{ n: number }>(SELECT_ROWS, [from], { prepared: true });
      assert.deepEqual(
        rows.map((r) => r.n),
        [1, 2, 3].filter((n) => n >= from),
      );
    }
    await db.sql('SELECT n FROM prepared_test.t WHERE n = $1', [2]);
    assert.deepEqual(await preparedOnConnection(db), [SELECT_ROWS]);
  });

  it('prepares nothing when DB_PREPARED_STATEMENTS is off', async () => {
    const db = await open(false);
    await db.sql(SELECT_ROWS, [1], { prepared: true });
    assert.deepEqual(await preparedOnConnection(db), []);
  });

  it('runs a statement again unnamed when a migration changed the rows its prepared plan returns, and prepares it afresh', async () => {
    const { logger, lines } = createCapturingLogger('warn');
    const db = await open(true, logger);
    await db.sql(SELECT_ROWS, [1], { prepared: true });
    await db.sql('ALTER TABLE prepared_test.t ADD COLUMN label text');
    // PostgreSQL refuses the prepared statement now ("cached plan must not change result type", 0A000).
    const { rows } = await db.sql<{ n: number; label: string | null }>(SELECT_ROWS, [3], { prepared: true });
    assert.deepEqual(rows, [{ n: 3, label: null }]);
    // The refused connection was closed; the next call prepares the statement on a new one.
    assert.deepEqual((await db.sql<{ n: number }>(SELECT_ROWS, [3], { prepared: true })).rows, [{ n: 3, label: null }]);
    assert.deepEqual(await preparedOnConnection(db), [SELECT_ROWS]);
    assert.equal(lines.filter((l) => l.code === '0A000').length, 1);
    await db.sql('ALTER TABLE prepared_test.t DROP COLUMN label');
  });

  it('runs a statement again unnamed when the server connection lacks it or has it already (a pooler in transaction mode)', async () => {
    const db = await open(true);
    const name = new PreparedStatements(true).query(SELECT_ROWS, []).name!;
    await db.sql(SELECT_ROWS, [1], { prepared: true });
    await db.sql('DEALLOCATE ALL'); // pg still takes it for prepared: 26000 on its next use
    assert.equal((await db.sql(SELECT_ROWS, [1], { prepared: true })).rowCount, 3);
    await db.sql(`PREPARE ${name} AS ${SELECT_ROWS}`); // another client prepared it on this server connection: 42P05
    assert.equal((await db.sql(SELECT_ROWS, [2], { prepared: true })).rowCount, 2);
  });
});
