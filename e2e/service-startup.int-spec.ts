import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '@issuer/testing';

const dist = resolve(__dirname, '..');
const SERVICES = ['issuer-api', 'kms', 'did-registry', 'status-list', 'notifications', 'data-retention'];

/** Runs a service entry point until it exits (bounded); returns its exit code and output. */
function runService(service: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(dist, `apps/${service}/src/main.js`)], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

/** Every service validates its configuration at boot and fails fast, naming the variable and not its value. */
describe('services fail fast on bad configuration', () => {
  for (const service of SERVICES) {
    it(`${service}: missing DATABASE_URL, missing NATS_URL, malformed PORT`, async () => {
      const base = {
        DATABASE_URL: TEST_DATABASE_URL,
        NATS_URL: TEST_NATS_URL,
        KMS_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
        ADMIN_API_KEYS: 'a-long-enough-admin-key',
      };
      for (const [name, env] of [
        ['DATABASE_URL', { ...base, DATABASE_URL: undefined }],
        ['NATS_URL', { ...base, NATS_URL: undefined }],
        ['PORT', { ...base, PORT: 'not-a-port' }],
      ] as const) {
        const result = await runService(service, env);
        assert.equal(result.code, 1, `${service} without valid ${name} exits 1:\n${result.output}`);
        assert.match(result.output, new RegExp(`Invalid configuration:[\\s\\S]*${name}`), result.output);
        assert.doesNotMatch(result.output, /at .*\.js:\d+/, 'a configuration error prints no stack trace');
      }
    });
  }

  it('kms names KMS_MASTER_KEY and issuer-api names ADMIN_API_KEYS without echoing them', async () => {
    const base = { DATABASE_URL: TEST_DATABASE_URL, NATS_URL: TEST_NATS_URL, PORT: '0' };
    const kms = await runService('kms', { ...base, KMS_MASTER_KEY: 'c2hvcnQ=' });
    assert.equal(kms.code, 1);
    assert.match(kms.output, /KMS_MASTER_KEY/);
    assert.doesNotMatch(kms.output, /c2hvcnQ=/);
    const api = await runService('issuer-api', { ...base, ADMIN_API_KEYS: 'short' });
    assert.equal(api.code, 1);
    assert.match(api.output, /ADMIN_API_KEYS/);
    assert.doesNotMatch(api.output, /: short|"short"/);
  });
});
