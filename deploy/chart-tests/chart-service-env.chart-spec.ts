import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CHART_DIR, ofKind, render, SERVICES, type Manifest } from './render-chart';
import {
  containerEnv,
  envSchemasOf,
  hasInlinePassword,
  isSecretVariable,
  missingRequired,
  resolveEnv,
  variablesReadBy,
  type ContainerEnv,
  type EnvSchema,
} from './service-env';

/**
 * The chart against the services' own configuration code: every variable a config schema requires is in the
 * container, the rendered environment passes the schemas' boot validation, every variable the code reads has a
 * chart value (rendered in the "external" scenario, which sets them all) and is documented, and credentials
 * only ever arrive from Secrets.
 */

const schemas: Record<string, Record<string, EnvSchema>> = {};
before(async () => {
  for (const service of SERVICES) schemas[service] = await envSchemasOf(service);
});

/** Names present in the container, with a placeholder value for those from Secrets (their values are not known). */
function namesWithPlaceholders(env: ContainerEnv): Record<string, string> {
  return Object.fromEntries([...env.variables].map(([name, source]) => [name, source.from === 'secret' ? '<secret>' : source.value]));
}

/** Credential variables with a literal value, and URL literals with a password, in Deployments and ConfigMaps. */
function inlinedCredentials(manifests: Manifest[]): string[] {
  const found: string[] = [];
  for (const configMap of ofKind(manifests, 'ConfigMap'))
    for (const [name, value] of Object.entries(configMap.data ?? {}))
      if (isSecretVariable(name) || hasInlinePassword(value)) found.push(`ConfigMap/${configMap.metadata.name} ${name}`);
  for (const deployment of ofKind(manifests, 'Deployment'))
    for (const container of deployment.spec.template.spec.containers)
      for (const env of container.env ?? [])
        if (env.value !== undefined && (isSecretVariable(env.name) || hasInlinePassword(env.value)))
          found.push(`Deployment/${deployment.metadata.name} ${env.name}`);
  return found;
}

describe('helm chart: every service gets the configuration its code reads', () => {
  it('probes the compiled schemas: the variables each requires when nothing is set (the probe itself)', () => {
    assert.deepEqual(missingRequired(schemas['data-retention'].platformEnvSchema, {}), ['DATABASE_URL']);
    assert.deepEqual(missingRequired(schemas['issuer-api'].issuerApiEnvSchema, {}), ['ADMIN_API_KEYS']);
    assert.deepEqual(missingRequired(schemas.kms.kmsEnvSchema, {}), ['KMS_MASTER_KEY']);
    // Conditional requirements surface once the enabling variable is present.
    assert.deepEqual(missingRequired(schemas.kms.vaultEnvSchema, { VAULT_ADDR: 'https://vault.example.com' }), ['VAULT_TOKEN']);
    assert.ok(Object.keys(schemas.kms).length >= 5, `kms schemas: ${Object.keys(schemas.kms).join(', ')}`);
  });

  for (const scenario of ['default', 'ha', 'external'] as const) {
    describe(`scenario ${scenario}`, () => {
      const manifests = render(scenario);

      it('puts every variable a config schema requires into the container (env or envFrom ConfigMap/Secret)', () => {
        for (const service of SERVICES) {
          const env = namesWithPlaceholders(containerEnv(manifests, service));
          for (const [name, schema] of Object.entries(schemas[service])) {
            assert.deepEqual(
              missingRequired(schema, {}).filter((variable) => !(variable in env)),
              [],
              `${service} ${name}: always required`,
            );
            assert.deepEqual(missingRequired(schema, env), [], `${service} ${name}: required with this configuration`);
          }
          assert.ok('NATS_URL' in env, `${service} NATS_URL: optional in the schema, but without it a service runs on an in-process bus`);
        }
      });

      it('never gives a credential as a literal value in a Deployment or ConfigMap', () => {
        assert.deepEqual(inlinedCredentials(manifests), []);
      });

      if (scenario === 'external') return;

      it('renders an environment that passes every config schema of every service, as the pods will see it', () => {
        for (const service of SERVICES) {
          const env = resolveEnv(manifests, containerEnv(manifests, service));
          for (const [name, schema] of Object.entries(schemas[service])) {
            const result = schema.safeParse(env);
            assert.ok(result.success, `${service} ${name}: ${JSON.stringify(result.error?.issues)}`);
          }
        }
      });

      it('keeps the value of every generated Secret out of every Deployment and ConfigMap', () => {
        const values = ofKind(manifests, 'Secret').flatMap((s) =>
          Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString()),
        );
        assert.ok(values.length >= 4);
        for (const manifest of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'ConfigMap')]) {
          const text = JSON.stringify(manifest);
          for (const value of values) assert.ok(!text.includes(value), `${manifest.kind}/${manifest.metadata.name}`);
        }
      });
    });
  }

  describe('scenario external (every optional setting configured)', () => {
    const manifests = render('external');
    const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8');

    for (const service of SERVICES) {
      it(`${service}: every variable its code reads has a chart value, is rendered and is in the chart README`, () => {
        const read = variablesReadBy(service);
        assert.ok(read.includes('DATABASE_URL') && read.includes('LOG_LEVEL'), `the scan found ${read.join(', ')}`);
        const env = containerEnv(manifests, service).variables;
        // The chart sets a credential's *_FILE variant where the code has one (a mounted Secret) instead of the variable.
        const missing = read.filter((variable) => !env.has(variable) && !env.has(`${variable}_FILE`));
        assert.deepEqual(missing, [], `${service}: not rendered`);
        assert.deepEqual(
          read.filter((variable) => !readme.includes(`\`${variable}\``)),
          [],
          `${service}: not in helm/issuer-platform/README.md`,
        );
      });
    }

    it('renders every setting in a form the schemas accept (only the Secret-sourced placeholders are refused)', () => {
      for (const service of SERVICES) {
        const env = containerEnv(manifests, service);
        const fromSecrets = [...env.variables].filter(([, source]) => source.from === 'secret').map(([name]) => name);
        for (const [name, schema] of Object.entries(schemas[service])) {
          const issues = schema.safeParse(namesWithPlaceholders(env)).error?.issues ?? [];
          const refused = issues.filter((issue) => !fromSecrets.includes(String(issue.path[0])));
          assert.deepEqual(refused, [], `${service} ${name}`);
        }
      }
    });

    it('points every *_FILE variable into a volume mounted from a Secret', () => {
      for (const service of SERVICES) {
        const env = containerEnv(manifests, service);
        for (const [name, source] of env.variables) {
          if (!name.endsWith('_FILE')) continue;
          assert.ok(source.from === 'configmap', `${service} ${name}`);
          assert.ok(
            env.secretMounts.some((mount) => source.value.startsWith(`${mount}/`)),
            `${service} ${name}=${source.value} is not in a Secret volume (${env.secretMounts.join(', ')})`,
          );
        }
      }
    });
  });

  it('flags a credential given as a plain value (the check itself)', () => {
    const manifests = render('default', {
      'issuerApi.env.ADMIN_API_KEYS': 'adm_inline_key_0123456789',
      'kms.env.NATS_URL': 'nats://u:p@nats:4222',
    });
    assert.deepEqual(inlinedCredentials(manifests).sort(), [
      'ConfigMap/acme-issuer-platform-issuer-api ADMIN_API_KEYS',
      'ConfigMap/acme-issuer-platform-kms NATS_URL',
    ]);
    assert.equal(hasInlinePassword('postgres://issuer:$(DATABASE_PASSWORD)@db:5432/issuer'), false);
    assert.equal(hasInlinePassword('postgres://issuer:hunter2@db:5432/issuer'), true);
  });
});
