import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Client } from 'pg';
import pino from 'pino';
import { freePort } from '@issuer/platform';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

describe('embedded PostgreSQL', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('starts on a fresh port when the one it picked was taken before PostgreSQL could listen on it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-db-itest-'));
    await chmod(dataDir, 0o711); // reachable by the postgres system user when run as root: the cluster stays inside
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const taken = createServer();
    const takenPort = await freePort();
    await new Promise<void>((listening) => taken.listen(takenPort, '127.0.0.1', listening));
    cleanups.push(() => new Promise((closed) => taken.close(closed)));

    const picked: number[] = [];
    const pickPort = async () => {
      const port = picked.length === 0 ? takenPort : await freePort();
      picked.push(port);
      return port;
    };
    const database: EmbeddedDatabase = await startEmbeddedDatabase(dataDir, 'secret-password', pino({ level: 'silent' }), pickPort);
    cleanups.push(() => database.stop());
    assert.equal(picked.length, 2, 'the taken port was given up for a second one');
    assert.ok(!database.url.includes(String(takenPort)));
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      assert.equal((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await client.end();
    }
  });
});
