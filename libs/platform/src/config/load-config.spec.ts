import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const schema = z.object({
  API_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  WORKERS: z.coerce.number().int().min(1).default(4),
  MODE: z.enum(['fast', 'safe']).default('safe'),
  OPTIONAL_THING: z.string().optional(),
});

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns parsed values with defaults applied', () => {
    assert.deepEqual(loadConfig(schema, { API_TOKEN: 'x'.repeat(32), WORKERS: '8' }), {
      API_TOKEN: 'x'.repeat(32),
      WORKERS: 8,
      MODE: 'safe',
    });
  });

  it('treats an empty variable as unset: the default applies and a required one is reported missing', () => {
    assert.equal(loadConfig(schema, { API_TOKEN: 'x'.repeat(32), WORKERS: '', MODE: '' }).WORKERS, 4);
    assert.equal(loadConfig(schema, { API_TOKEN: 'x'.repeat(32), OPTIONAL_THING: '' }).OPTIONAL_THING, undefined);
    const error = configError(() => loadConfig(schema, { API_TOKEN: '' }));
    assert.deepEqual(
      error.problems.map((p) => p.variable),
      ['API_TOKEN'],
    );
  });

  it('names every bad variable, in the message too, and never echoes a value', () => {
    const secret = 'short-secret-value';
    const error = configError(() => loadConfig(schema, { API_TOKEN: secret, WORKERS: 'many', MODE: 'turbo' }));
    assert.deepEqual(error.problems.map((p) => p.variable).sort(), ['API_TOKEN', 'MODE', 'WORKERS']);
    for (const variable of ['API_TOKEN', 'MODE', 'WORKERS']) assert.match(error.message, new RegExp(`${variable}: `));
    assert.match(error.message, /API_TOKEN: must be at least 32 characters/);
    assert.ok(!error.message.includes(secret), error.message);
    assert.ok(!error.message.includes('turbo'), error.message);
    assert.equal(error.name, 'ConfigError');
  });

  it('reads process.env by default', () => {
    const key = `LOAD_CONFIG_SPEC_${process.pid}`;
    process.env[key] = 'from-env';
    try {
      assert.deepEqual(loadConfig(z.object({ [key]: z.string() }).strip()), { [key]: 'from-env' });
    } finally {
      delete process.env[key];
    }
  });
});
