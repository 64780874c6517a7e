import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, ofKind, render, RELEASE, selects, SERVICES } from './render-chart';

describe('helm chart: high availability (scenario ha)', () => {
  const manifests = render('ha');

  it('scales every service with an HPA (3 minimum) that owns the replica count', () => {
    for (const service of SERVICES) {
      const deployment = named(manifests, 'Deployment', fullName(service));
      assert.equal(deployment.spec.replicas, undefined, `${service}: replicas left to the HPA`);
      const hpa = named(manifests, 'HorizontalPodAutoscaler', fullName(service));
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      assert.equal(hpa.spec.minReplicas, 3);
      assert.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas);
      assert.deepEqual((hpa.spec.metrics as { resource: { name: string } }[]).map((m) => m.resource.name).sort(), ['cpu', 'memory']);
      assert.ok(deployment.spec.template.spec.containers[0].resources.requests.cpu, 'utilisation needs requests');
    }
  });

  it('protects every service with a PDB, spreads it over zones and scrapes its metrics', () => {
    for (const service of SERVICES) {
      const labels = named(manifests, 'Deployment', fullName(service)).spec.template.metadata.labels;
      const pdb = named(manifests, 'PodDisruptionBudget', fullName(service));
      assert.equal(pdb.spec.minAvailable, 2);
      assert.ok(selects(pdb.spec.selector.matchLabels, labels));
      const spread = named(manifests, 'Deployment', fullName(service)).spec.template.spec.topologySpreadConstraints;
      assert.equal(spread[0].topologyKey, 'topology.kubernetes.io/zone');
      assert.ok(selects(spread[0].labelSelector.matchLabels, labels));
      const monitor = named(manifests, 'ServiceMonitor', fullName(service));
      const svc = named(manifests, 'Service', fullName(service));
      assert.ok(selects(monitor.spec.selector.matchLabels, svc.metadata.labels));
      assert.deepEqual(
        (monitor.spec.endpoints as { port: string; path: string }[]).map((e) => [e.port, e.path]),
        [['http', '/metrics']],
      );
      assert.equal(monitor.metadata.labels?.release, 'prometheus');
    }
  });

  it('runs a three-node NATS cluster with JetStream and routes between all nodes', () => {
    const nats = named(manifests, 'StatefulSet', `${RELEASE}-nats`);
    assert.equal(nats.spec.replicas, 3);
    const args: string[] = nats.spec.template.spec.containers[0].args;
    assert.ok(args.includes('--jetstream'));
    const routes = args
      .find((a) => a.startsWith('--routes='))!
      .slice('--routes='.length)
      .split(',');
    assert.deepEqual(
      routes,
      [0, 1, 2].map((i) => `nats://${RELEASE}-nats-${i}.${RELEASE}-nats-headless:6222`),
    );
    assert.equal(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '5Gi');
    assert.equal(ofKind(manifests, 'StatefulSet').length, 2, 'NATS and PostgreSQL');
  });
});
