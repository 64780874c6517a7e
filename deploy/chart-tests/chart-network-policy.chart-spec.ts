import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, ofKind, render, RELEASE, selects, SERVICES, type Manifest } from './render-chart';

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { port: number | string; protocol: string }[];
}

const podLabels = (manifest: Manifest): Record<string, string> => manifest.spec.template.metadata.labels;
const portsOf = (rule: Rule) => (rule.ports ?? []).map((p) => `${p.protocol}/${p.port}`).sort();
/** Services whose features call out of the cluster (data functions, did:web, webhooks). */
const EXTERNAL_BY_DEFAULT = ['issuer-api', 'did-registry', 'notifications'];

function checkCommon(manifests: Manifest[], policy: Manifest): Manifest {
  const deployment = ofKind(manifests, 'Deployment').find((d) => selects(policy.spec.podSelector.matchLabels, podLabels(d)));
  assert.ok(deployment, `${policy.metadata.name} selects no Deployment`);
  const selected = [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'StatefulSet')].filter((w) =>
    selects(policy.spec.podSelector.matchLabels, podLabels(w)),
  );
  assert.equal(selected.length, 1, `${policy.metadata.name} must select exactly one workload`);
  assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress'], 'both directions default-deny');
  for (const rule of policy.spec.ingress as Rule[]) {
    assert.ok(rule.from && rule.from.length > 0, `${policy.metadata.name}: an ingress rule without "from" admits everyone`);
    assert.deepEqual(portsOf(rule), ['TCP/http'], `${policy.metadata.name}: ingress only on the HTTP port`);
  }
  for (const rule of policy.spec.egress as Rule[])
    assert.ok(rule.ports && rule.ports.length > 0, `${policy.metadata.name}: egress to any port`);
  return deployment;
}

describe('helm chart: NetworkPolicies admit only what is needed', () => {
  it('renders none by default', () => {
    assert.equal(ofKind(render('default'), 'NetworkPolicy').length, 0);
  });

  it('bundled PostgreSQL and NATS (scenario ha): one policy per service, traffic only to/from the right pods', () => {
    const manifests = render('ha');
    const policies = ofKind(manifests, 'NetworkPolicy');
    assert.deepEqual(policies.map((p) => p.metadata.name).sort(), SERVICES.map(fullName).sort());
    const postgres = named(manifests, 'StatefulSet', `${RELEASE}-postgresql`);
    const nats = named(manifests, 'StatefulSet', `${RELEASE}-nats`);
    const testPod = ofKind(manifests, 'Pod').find((p) => p.metadata.annotations?.['helm.sh/hook'] === 'test')!;
    for (const service of SERVICES) {
      const policy = named(manifests, 'NetworkPolicy', fullName(service));
      checkCommon(manifests, policy);
      const ingress = policy.spec.ingress as Rule[];
      const monitoring = ingress.filter((r) =>
        r.from!.some((p) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring'),
      );
      assert.equal(monitoring.length, 1, `${service}: metrics scrapers admitted once`);
      if (service === 'issuer-api') {
        assert.equal(ingress.length, 2);
        const edge = ingress.find((r) => r !== monitoring[0])!;
        assert.ok(
          edge.from!.some((p) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx'),
          'ingress controller',
        );
        assert.ok(
          edge.from!.some((p) => selects(p.podSelector?.matchLabels, testPod.metadata.labels)),
          'helm test pod',
        );
        assert.ok(
          !edge.from!.some((p) => ofKind(manifests, 'Deployment').some((d) => selects(p.podSelector?.matchLabels, podLabels(d)))),
          'no other service calls issuer-api over HTTP',
        );
      } else {
        assert.equal(ingress.length, 1, `${service}: services talk over NATS, so only metrics scrapers may connect`);
      }
      const egress = policy.spec.egress as Rule[];
      const dns = egress.find((r) => portsOf(r).join() === 'TCP/53,UDP/53');
      assert.ok(dns, `${service}: DNS`);
      const db = egress.find((r) => portsOf(r).join() === 'TCP/5432')!;
      assert.ok(
        db.to?.length === 1 && selects(db.to[0].podSelector?.matchLabels, podLabels(postgres)),
        `${service}: only the PostgreSQL pods`,
      );
      const bus = egress.find((r) => portsOf(r).join() === 'TCP/4222')!;
      assert.ok(bus.to?.length === 1 && selects(bus.to[0].podSelector?.matchLabels, podLabels(nats)), `${service}: only the NATS pods`);
      const external = egress.filter((r) => r.to?.some((p) => p.ipBlock));
      assert.equal(external.length, EXTERNAL_BY_DEFAULT.includes(service) ? 1 : 0, `${service}: external egress`);
      for (const rule of external) assert.deepEqual(portsOf(rule), ['TCP/443', 'TCP/80']);
      assert.equal(egress.length, 3 + external.length, `${service}: nothing else`);
    }
  });

  it('external PostgreSQL and NATS (scenario external): egress to the configured peers; kms reaches its providers', () => {
    const manifests = render('external');
    for (const service of SERVICES) {
      const policy = named(manifests, 'NetworkPolicy', fullName(service));
      checkCommon(manifests, policy);
      const egress = policy.spec.egress as Rule[];
      const db = egress.find((r) => portsOf(r).join() === 'TCP/5432')!;
      assert.deepEqual(db.to, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'databases' } } }]);
      const bus = egress.find((r) => portsOf(r).join() === 'TCP/4222')!;
      assert.deepEqual(bus.to, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'messaging' } } }]);
      const external = egress.some((r) => r.to?.some((p) => p.ipBlock));
      assert.equal(external, EXTERNAL_BY_DEFAULT.includes(service) || service === 'kms', `${service}: external egress`);
    }
  });

  it('keeps kms closed to the internet when no KMS provider is configured', () => {
    const manifests = render('external', {
      'kms.providers.aws.enabled': false,
      'kms.providers.vault.enabled': false,
      'kms.providers.azure.enabled': false,
      'kms.providers.oci.enabled': false,
    });
    const egress = named(manifests, 'NetworkPolicy', fullName('kms')).spec.egress as Rule[];
    assert.ok(!egress.some((r) => r.to?.some((p) => p.ipBlock)));
  });
});
