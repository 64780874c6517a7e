import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAdminKey, newMasterKey, newPassword, persistentSecret, prepareDataDir } from './data-dir';

describe('standalone data dir', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-dir-spec-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('persistentSecret generates once, stores it with mode 600, and returns the same value later', async () => {
    let calls = 0;
    const generate = () => `secret-${++calls}`;
    const first = await persistentSecret(dir, 'admin-api-key', generate);
    assert.equal(first, 'secret-1');
    const file = join(dir, 'admin-api-key');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await readFile(file, 'utf8'), 'secret-1\n');
    const second = await persistentSecret(dir, 'admin-api-key', generate);
    assert.equal(second, 'secret-1', 'a restart keeps the secret');
    assert.equal(calls, 1, 'the generator runs only the first time');
  });

  it('keeps separate secrets per name', async () => {
    const a = await persistentSecret(dir, 'kms-master-key', () => 'A');
    const b = await persistentSecret(dir, 'pg-password', () => 'B');
    assert.deepEqual([a, b], ['A', 'B']);
  });

  it('reads a secret an operator wrote by hand, trimming the newline', async () => {
    await writeFile(join(dir, 'hand-written'), '  operator-value \n');
    assert.equal(await persistentSecret(dir, 'hand-written', () => assert.fail('must not generate')), 'operator-value');
  });

  it('prepareDataDir creates the directory (nested) and returns its absolute path', async () => {
    const nested = join(dir, 'a', 'b');
    const created = await prepareDataDir(nested);
    assert.equal(created, nested);
    assert.ok((await stat(created)).isDirectory());
    assert.equal(await prepareDataDir(nested), nested, 'idempotent');
  });

  it('generates secrets of the expected shapes', () => {
    assert.match(newAdminKey(), /^adm_[A-Za-z0-9_-]{32}$/);
    assert.equal(Buffer.from(newMasterKey(), 'base64').length, 32);
    assert.match(newPassword(), /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(newAdminKey(), newAdminKey());
  });
});
