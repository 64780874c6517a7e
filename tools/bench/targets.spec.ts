import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDatabaseUrl } from './targets';

describe('bench targets', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-targets-spec-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('finds the embedded PostgreSQL of a standalone DATA_DIR from postmaster.pid and the stored password', async () => {
    await mkdir(join(dir, 'pg'));
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, shared memory key, status.
    await writeFile(join(dir, 'pg', 'postmaster.pid'), `4321\n${dir}/pg\n1765072800\n41234\n/tmp\n127.0.0.1\n  1234567  8\nready   \n`);
    await writeFile(join(dir, 'pg-password'), 'p@ss/word\n');
    assert.equal(await embeddedDatabaseUrl(dir), 'postgres://postgres:p%40ss%2Fword@127.0.0.1:41234/issuer');
  });

  it('fails without a running embedded server', async () => {
    await assert.rejects(embeddedDatabaseUrl(join(dir, 'missing')));
  });
});
