import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseDirFor } from './embedded-database';

// Which branch applies depends on the uid the tests run as; each case says what it can prove here.
const isRoot = process.getuid?.() === 0;

describe('databaseDirFor', () => {
  let base: string;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'embedded-db-spec-'));
  });
  after(async () => rm(base, { recursive: true, force: true }));

  it('uses DATA_DIR/pg when the directory is reachable by every user', async () => {
    const dir = join(base, 'open');
    await mkdir(dir);
    await chmod(base, 0o711);
    await chmod(dir, 0o711);
    // /tmp (or TMPDIR) and every ancestor must be traversable for this to hold as root; it is on usual systems.
    assert.equal(databaseDirFor(dir), join(dir, 'pg'));
  });

  it('as non-root: always DATA_DIR/pg, even when others cannot enter the directory', { skip: isRoot && 'runs as root' }, async () => {
    const dir = join(base, 'private-nonroot');
    await mkdir(dir, { mode: 0o700 });
    assert.equal(databaseDirFor(dir), join(dir, 'pg'));
  });

  it('as root: a private DATA_DIR moves the cluster to a stable per-directory folder', { skip: !isRoot && 'needs root' }, async () => {
    const privateDir = join(base, 'private-a');
    const otherDir = join(base, 'private-b');
    await mkdir(privateDir, { mode: 0o700 });
    await mkdir(otherDir, { mode: 0o700 });
    await chmod(privateDir, 0o700);
    await chmod(otherDir, 0o700);
    const a = databaseDirFor(privateDir);
    assert.match(a, /^\/var\/lib\/issuer-platform\/pg-[0-9a-f]{16}$/);
    assert.equal(databaseDirFor(privateDir), a, 'the same DATA_DIR always maps to the same folder (restarts keep data)');
    assert.notEqual(databaseDirFor(otherDir), a, 'different DATA_DIRs do not share a cluster');
    await chmod(privateDir, 0o711);
    assert.equal(databaseDirFor(privateDir), join(privateDir, 'pg'), 'once traversable, DATA_DIR/pg is used');
  });
});
