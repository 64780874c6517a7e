import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_DIR, renderError } from './render-chart';

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

/** Paths of the keys of values.yaml that carry a "# --" comment (the rows of the README's values tables). */
function commentedKeys(file: string): string[] {
  const keys: string[] = [];
  const path: string[] = [];
  let commented = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('# --')) {
      commented = true;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Za-z0-9_.-]+):/.exec(trimmed);
    if (!match) continue;
    const indent = line.length - line.trimStart().length;
    path.splice(indent / 2, path.length, match[1]);
    if (commented) keys.push(path.join('.'));
    commented = false;
  }
  return keys;
}

const SERVICE_KEYS = ['issuerApi', 'kms', 'didRegistry', 'statusList', 'notifications', 'dataRetention'];

describe('helm chart: values files', () => {
  for (const file of ['values.yaml', 'charts/nats/values.yaml', 'charts/postgresql/values.yaml']) {
    it(`comments every value of ${file}`, () => {
      assert.deepEqual(uncommented(join(CHART_DIR, file)), []);
    });
  }

  it('lists every commented value in the README values tables (per-service keys as <service>.…)', () => {
    const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8').split('\n## Values\n')[1] ?? '';
    // A service's own comment introduces its block; its values are the <service>.… rows.
    const keys = commentedKeys(join(CHART_DIR, 'values.yaml')).filter((key) => !SERVICE_KEYS.includes(key));
    assert.ok(keys.includes('issuerApi.sse.tokenTtl') && keys.includes('kms.providers.oci.privateKey.existingSecret'));
    const missing = keys.filter((key) => {
      const [head, ...rest] = key.split('.');
      const generic = SERVICE_KEYS.includes(head) && rest.length > 0 ? `<service>.${rest.join('.')}` : undefined;
      return !readme.includes(`| \`${key}\``) && !(generic && readme.includes(`| \`${generic}\``));
    });
    assert.deepEqual(missing, []);
  });

  it('refuses, naming the value, service settings the services would refuse at boot', () => {
    const refused: [string, string | number, RegExp][] = [
      ['issuerApi.sse.tokenTtl', '5 minutes', /issuerApi\.sse\.tokenTtl/],
      ['issuerApi.dataFunctions.maxBytes', 20_000_000, /issuerApi\.dataFunctions\.maxBytes/],
      ['statusList.lists.size', 100, /statusList\.lists\.size/],
      ['notifications.webhooks.timeout', '1d', /notifications\.webhooks\.timeout/],
      ['notifications.consumerName', 'not allowed!', /notifications\.consumerName/],
      ['kms.providers.azure.tenantId', 'my-tenant', /kms\.providers\.azure\.tenantId/],
      ['kms.providers.oci.fingerprint', 'AB:CD', /kms\.providers\.oci\.fingerprint/],
    ];
    for (const [key, value, message] of refused) assert.match(renderError('default', { [key]: value }), message, key);
    assert.match(renderError('default', { 'notifications.webhooks.retryDelays[0]': '5 s' }), /retryDelays/);
    assert.match(renderError('default', { 'issuerApi.rateLimits.walletPerMinute': -1 }), /issuerApi\.rateLimits\.walletPerMinute/);
    assert.match(renderError('default', { 'issuerApi.trustedProxies[0]': 'ingress.internal' }), /issuerApi\.trustedProxies/);
  });

  it('fails the render naming the missing value of an enabled KMS provider', () => {
    assert.match(renderError('default', { 'kms.providers.oci.enabled': true }), /kms\.providers\.oci\.managementEndpoint is required/);
    assert.match(
      renderError('external', { 'kms.providers.azure.clientSecret.existingSecret': '' }),
      /kms\.providers\.azure\.clientSecret\.existingSecret is required/,
    );
  });

  it('flags an uncommented value (the check itself)', () => {
    const probe = join(CHART_DIR, 'ci', 'default-values.yaml');
    assert.deepEqual(uncommented(probe), [], 'the default scenario is an empty map');
    assert.ok(uncommented(join(CHART_DIR, 'ci', 'ha-values.yaml')).includes('issuerApi.replicaCount'));
  });
});
