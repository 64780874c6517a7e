import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { PostgresServerProcess, waitFor } from '@issuer/testing';
import { HealthRegistry } from '../health/health-registry';
import { DatabaseUnavailableError } from './database-unavailable';
import { ServiceDatabase } from './service-database';

const silent = pino({ level: 'silent' });

/**
 * A PostgreSQL restart (`pg_ctl restart -m fast`) ends every connection: idle ones, one in the middle of a
 * transaction, one checked out between two statements. None of that may end the process (pg emits an
 * `error` event on a checked-out client nobody listened to: that used to crash it); statements meanwhile
 * fail as DatabaseUnavailableError (503), readiness is down, and everything works again once the server is
 * back. A private server: the shared test PostgreSQL must never be restarted.
 */
describe('ServiceDatabase across a PostgreSQL restart', { timeout: 120_000 }, () => {
  let pg: PostgresServerProcess;
  let db: ServiceDatabase;
  const health = new HealthRegistry();

  before(async () => {
    pg = await PostgresServerProcess.start();
    db = await ServiceDatabase.open(
      { url: pg.url, schema: 'restart_test', entities: [], migrations: [], poolSize: 4, applicationName: 'itest' },
      silent,
      true,
    );
    health.register('database', () => db.ping());
    await db.sql('CREATE TABLE restart_test.t (n int)');
  });
  after(async () => {
    await db?.close();
    await pg?.dispose();
  });

  it('loses idle, in-transaction and checked-out connections without crashing, answers unavailable meanwhile, and recovers', async () => {
    await Promise.all([db.sql('SELECT 1'), db.sqlRelaxed('SELECT 1')]); // idle connections in both pools
    let firstInsert!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInsert = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = db
      .transaction(async (client) => {
        await client.query('INSERT INTO restart_test.t VALUES (1)');
        firstInsert();
        await gate; // idle in transaction while the server goes away
        await client.query('INSERT INTO restart_test.t VALUES (2)');
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await inserted;
    const held = await db.connectRelaxed(); // checked out between statements, like the outbox relay's batch

    await pg.stop('fast');
    const whileDown = await db.sql('SELECT 1').then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(whileDown instanceof DatabaseUnavailableError, `got ${String(whileDown)}`);
    assert.equal(whileDown.status, 503);
    assert.equal((await health.run()).ok, false, 'not ready while the database is down');
    release();
    const failed = await transaction;
    assert.ok(failed instanceof DatabaseUnavailableError, `the transaction failed with ${String(failed)}`);
    await assert.rejects(held.query('SELECT 1'));
    held.release();

    await pg.start();
    await waitFor('readiness once the database is back', async () => (await health.run()).ok, { timeoutMs: 20_000 });
    assert.deepEqual((await db.sql('SELECT count(*)::int AS n FROM restart_test.t')).rows, [{ n: 0 }], 'the transaction rolled back');
    await db.transaction((client) => client.query('INSERT INTO restart_test.t VALUES (3)'));
    const relaxed = await db.connectRelaxed();
    await relaxed.query('SELECT 1');
    relaxed.release();
    assert.deepEqual((await db.sqlRelaxed('SELECT n FROM restart_test.t')).rows, [{ n: 3 }]);
  });
});
