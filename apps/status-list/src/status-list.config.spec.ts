import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@issuer/platform';
import { loadStatusListConfig } from './status-list.config';

function problemsOf(env: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  try {
    loadStatusListConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('status-list config', () => {
  it('applies the defaults', () => {
    assert.deepEqual(loadStatusListConfig({}), { listSize: 131_072, ttlSeconds: 300, validitySeconds: 86_400, publishIntervalMs: 1000 });
  });

  it('refuses a ttl that is not below half of the validity, naming STATUS_LIST_TTL_SECONDS', () => {
    for (const env of [
      { STATUS_LIST_TTL_SECONDS: '50', STATUS_LIST_VALIDITY_SECONDS: '100' },
      { STATUS_LIST_TTL_SECONDS: '86400' },
      { STATUS_LIST_VALIDITY_SECONDS: '600' },
    ]) {
      const problems = problemsOf(env);
      assert.deepEqual(
        problems.map((p) => p.variable),
        ['STATUS_LIST_TTL_SECONDS'],
        JSON.stringify(env),
      );
      assert.match(problems[0].message, /half of STATUS_LIST_VALIDITY_SECONDS/);
    }
    assert.equal(loadStatusListConfig({ STATUS_LIST_TTL_SECONDS: '49', STATUS_LIST_VALIDITY_SECONDS: '100' }).ttlSeconds, 49);
  });

  it('names a malformed variable without also reporting the ttl rule', () => {
    assert.deepEqual(
      problemsOf({ STATUS_LIST_VALIDITY_SECONDS: 'soon' }).map((p) => p.variable),
      ['STATUS_LIST_VALIDITY_SECONDS'],
    );
  });
});
