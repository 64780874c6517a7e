import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_DIR } from './render-chart';

/**
 * Keys of a values file that carry a value but no "# --" comment directly above them. A commented key with a
 * nested block (resources:, cidrs:) documents the whole block; a key that only groups others (service:) needs none.
 */
function uncommented(file: string): string[] {
  const missing: string[] = [];
  const path: string[] = [];
  let commented = false;
  let coveredBelow = Number.POSITIVE_INFINITY;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('# --')) {
      commented = true;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent > coveredBelow) continue;
    coveredBelow = Number.POSITIVE_INFINITY;
    const match = /^([A-Za-z0-9_.-]+):\s*(.*)$/.exec(trimmed);
    if (!match) continue;
    path.splice(indent / 2, path.length, match[1]);
    if (commented && match[2] === '') coveredBelow = indent;
    if (!commented && match[2] !== '') missing.push(path.join('.'));
    commented = false;
  }
  return missing;
}

describe('helm chart: values files', () => {
  for (const file of ['values.yaml', 'charts/nats/values.yaml', 'charts/postgresql/values.yaml']) {
    it(`comments every value of ${file}`, () => {
      assert.deepEqual(uncommented(join(CHART_DIR, file)), []);
    });
  }

  it('flags an uncommented value (the check itself)', () => {
    const probe = join(CHART_DIR, 'ci', 'default-values.yaml');
    assert.deepEqual(uncommented(probe), [], 'the default scenario is an empty map');
    assert.ok(uncommented(join(CHART_DIR, 'ci', 'ha-values.yaml')).includes('issuerApi.replicaCount'));
  });
});
