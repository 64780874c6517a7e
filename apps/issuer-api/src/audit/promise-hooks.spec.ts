import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

/**
 * Node 20: once an AsyncLocalStorage has been used (or an async hook enabled), promise hooks stay on for the whole
 * process and every promise of every request pays for them — the wallet's too (issue 17). The audit record therefore
 * travels as an argument (pending-audit.ts, request-audit.ts); these checks fail if a context store comes back.
 */
const root = resolve(__dirname, '../../../../..');
const ENABLES_HOOKS = /\b(AsyncLocalStorage|createHook)\b/;
/** The probe turns a hook on itself, after its measurement, to show the measurement works. */
const PROBE = 'apps/issuer-api/src/audit/promise-hooks.probe.ts';

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) found.push(full);
  }
  return found;
}

describe('no async hooks in the services (promise hooks would tax every request)', () => {
  it('no service or library source uses AsyncLocalStorage or createHook', async () => {
    const files = [...(await sources(join(root, 'apps'))), ...(await sources(join(root, 'libs')))].filter(
      (f) => relative(root, f) !== PROBE && !relative(root, f).startsWith('apps/console/'),
    );
    assert.ok(files.length > 100, `${files.length} source files`);
    const offenders: string[] = [];
    for (const file of files) if (ENABLES_HOOKS.test(await readFile(file, 'utf8'))) offenders.push(relative(root, file));
    assert.deepEqual(offenders, []);
  });

  it('after an audited admin change through the real interceptor, promise hooks are still off', async () => {
    const probe = join(root, 'dist', PROBE.replace(/\.ts$/, '.js'));
    const { stdout } = await promisify(execFile)(process.execPath, [probe], { env: { ...process.env, NODE_OPTIONS: '' } });
    const result = JSON.parse(stdout) as { status: number; joined: boolean; records: number; afterChange: boolean; withHook: boolean };
    // records: written after the fact, none since the change's transaction wrote it (PendingAudit.recorded).
    assert.deepEqual([result.status, result.joined, result.records], [201, true, 0], 'the change was made and audited in its transaction');
    assert.equal(result.withHook, true, 'the probe sees promise hooks once a hook is on');
    assert.equal(result.afterChange, false, 'something on the audited request path turned async hooks on');
  });
});
