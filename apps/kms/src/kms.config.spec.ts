import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@issuer/platform';
import { loadKmsConfig } from './kms.config';

function variablesOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadKmsConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /KMS_MASTER_KEY: /);
    return error.problems.map((p) => p.variable);
  }
  assert.fail('expected a ConfigError');
}

describe('loadKmsConfig', () => {
  it('decodes a base64 32-byte master key', () => {
    const key = randomBytes(32);
    assert.deepEqual(loadKmsConfig({ KMS_MASTER_KEY: key.toString('base64') }).masterKey, key);
  });

  it('names KMS_MASTER_KEY when it is missing, empty, or not 32 bytes, without echoing it', () => {
    assert.deepEqual(variablesOf({}), ['KMS_MASTER_KEY']);
    assert.deepEqual(variablesOf({ KMS_MASTER_KEY: '' }), ['KMS_MASTER_KEY']);
    assert.deepEqual(variablesOf({ KMS_MASTER_KEY: randomBytes(16).toString('base64') }), ['KMS_MASTER_KEY']);
    assert.deepEqual(variablesOf({ KMS_MASTER_KEY: randomBytes(33).toString('base64') }), ['KMS_MASTER_KEY']);
    const secret = randomBytes(31).toString('base64');
    try {
      loadKmsConfig({ KMS_MASTER_KEY: secret });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(!(error as Error).message.includes(secret));
    }
  });
});
