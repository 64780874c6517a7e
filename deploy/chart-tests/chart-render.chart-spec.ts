import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, lint, named, ofKind, render, SCENARIOS, SERVICES, type Manifest } from './render-chart';
import { validateManifest } from './validate-manifest';

const containerOf = (deployment: Manifest) => deployment.spec.template.spec.containers[0];

describe('helm chart: lint, render and schema validation of every ci/ scenario', () => {
  it('the schema validation rejects a malformed object (a wrong type, a missing required field)', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } };
    assert.throws(
      () => validateManifest({ ...deployment, spec: { replicas: 'three', selector: {}, template: {} } }),
      /replicas must be integer/,
    );
    assert.throws(() => validateManifest({ ...deployment, spec: { replicas: 1, template: {} } }), /selector/);
  });

  for (const scenario of SCENARIOS) {
    describe(`scenario ${scenario}`, () => {
      const manifests = render(scenario);

      it('passes helm lint --strict (values.schema.json included)', () => {
        assert.match(lint(scenario), /1 chart\(s\) linted, 0 chart\(s\) failed/);
      });

      it('renders only objects that validate against the Kubernetes schemas (kubernetes-models)', () => {
        assert.ok(manifests.length > 20, `only ${manifests.length} objects rendered`);
        for (const manifest of manifests) {
          try {
            const validated = validateManifest(manifest);
            if (!validated) {
              // ServiceMonitor: a CRD kubernetes-models does not ship; check the fields Prometheus Operator needs.
              assert.equal(manifest.apiVersion, 'monitoring.coreos.com/v1');
              assert.equal(manifest.kind, 'ServiceMonitor');
              assert.ok(manifest.spec.selector.matchLabels && manifest.spec.endpoints.length > 0);
            }
          } catch (error) {
            assert.fail(`${manifest.kind}/${manifest.metadata.name}: ${(error as Error).message}`);
          }
        }
      });

      it('has a Deployment, Service, ServiceAccount and ConfigMap per service, each pod running its own service', () => {
        for (const service of SERVICES) {
          const deployment = named(manifests, 'Deployment', fullName(service));
          named(manifests, 'Service', fullName(service));
          named(manifests, 'ServiceAccount', fullName(service));
          named(manifests, 'ConfigMap', fullName(service));
          const container = containerOf(deployment);
          assert.deepEqual(container.args, [service]);
          assert.equal(deployment.spec.template.spec.serviceAccountName, fullName(service));
          assert.deepEqual(container.envFrom[0], { configMapRef: { name: fullName(service) } });
        }
      });

      it('probes every Deployment: startup and liveness on /health/live, readiness on /health/ready, on a declared port', () => {
        const deployments = ofKind(manifests, 'Deployment');
        assert.equal(deployments.length, SERVICES.length);
        for (const deployment of deployments) {
          const container = containerOf(deployment);
          const ports = container.ports.map((p: { name: string }) => p.name);
          for (const [probe, path] of [
            ['startupProbe', '/health/live'],
            ['readinessProbe', '/health/ready'],
            ['livenessProbe', '/health/live'],
          ]) {
            assert.ok(container[probe], `${deployment.metadata.name} has no ${probe}`);
            assert.equal(container[probe].httpGet.path, path, `${deployment.metadata.name} ${probe}`);
            assert.ok(ports.includes(container[probe].httpGet.port), `${deployment.metadata.name} ${probe} port`);
          }
        }
      });

      it('runs every pod as non-root with a read-only root filesystem and no service account token', () => {
        const pods = [
          ...ofKind(manifests, 'Deployment').map((d) => d.spec.template.spec),
          ...ofKind(manifests, 'Job').map((j) => j.spec.template.spec),
          ...ofKind(manifests, 'Pod').map((p) => p.spec),
        ];
        for (const pod of pods) {
          assert.equal(pod.securityContext.runAsNonRoot, true);
          assert.equal(pod.automountServiceAccountToken, false);
          for (const container of pod.containers) {
            assert.equal(container.securityContext.readOnlyRootFilesystem, true);
            assert.equal(container.securityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
          }
        }
      });

      it('gives every service the platform configuration it validates at boot', () => {
        for (const service of SERVICES) {
          const config = named(manifests, 'ConfigMap', fullName(service)).data ?? {};
          const env = containerOf(named(manifests, 'Deployment', fullName(service))).env.map((e: { name: string }) => e.name);
          for (const variable of ['PORT', 'PUBLIC_URL', 'LOG_LEVEL', 'MIGRATE_ON_START', 'DB_POOL_SIZE', 'DB_PREPARED_STATEMENTS'])
            assert.ok(config[variable], `${service} ${variable}`);
          for (const variable of ['DATABASE_URL', 'NATS_URL']) assert.ok(env.includes(variable), `${service} ${variable}`);
        }
        const apiEnv = containerOf(named(manifests, 'Deployment', fullName('issuer-api'))).env.map((e: { name: string }) => e.name);
        assert.ok(apiEnv.includes('ADMIN_API_KEYS'));
        const kmsEnv = containerOf(named(manifests, 'Deployment', fullName('kms'))).env.map((e: { name: string }) => e.name);
        assert.ok(kmsEnv.includes('KMS_MASTER_KEY'));
      });

      it('renders DB_PREPARED_STATEMENTS from config.dbPreparedStatements, true unless it is false', () => {
        const value = (m: Manifest[]) => named(m, 'ConfigMap', fullName('issuer-api')).data?.DB_PREPARED_STATEMENTS;
        assert.equal(value(manifests), 'true');
        assert.equal(value(render(scenario, { 'config.dbPreparedStatements': false })), 'false');
      });
    });
  }
});
