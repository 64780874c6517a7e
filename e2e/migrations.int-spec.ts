import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from '@issuer/testing';

const run = promisify(execFile);
const migrate = join(resolve(__dirname, '..'), 'tools/migrate.js');

/** Every service's migrations apply to an empty database, revert completely, and apply again. */
describe('migrations are reversible', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;
  const tables = async () =>
    (
      await client.query(
        `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('kms', 'issuer_api', 'did_registry') AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).rows.map((r) => r.t);

  before(async () => {
    database = await createTestDatabase('migrations');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await database?.drop();
  });

  it('up, down, up', async () => {
    const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    await run(process.execPath, [migrate], { env });
    const created = await tables();
    assert.ok(
      created.includes('kms.keys') &&
        created.includes('did_registry.dids') &&
        created.includes('issuer_api.sessions') &&
        created.includes('issuer_api.events'),
      created.join(', '),
    );
    await run(process.execPath, [migrate, '--revert'], { env });
    assert.deepEqual(await tables(), []);
    await run(process.execPath, [migrate], { env });
    assert.deepEqual(await tables(), created);
  });
});
