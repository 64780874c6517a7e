import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, ofKind, render, RELEASE, SERVICES, type EnvVar, type Manifest } from './render-chart';

const hookOf = (m: Manifest) => (m.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').filter(Boolean);
const weightOf = (m: Manifest) => Number(m.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);
const deletePolicyOf = (m: Manifest) => (m.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '').split(',');
const podAnnotations = (d: Manifest): Record<string, string> => d.spec.template.metadata.annotations;

describe('helm chart: migration hook and config checksums', () => {
  it('with an external database the migration Job runs pre-install/pre-upgrade, after the hook objects it needs', () => {
    const manifests = render('external', { 'externalDatabase.existingSecret': '', 'externalDatabase.password': 'pw0123456789' });
    const job = named(manifests, 'Job', fullName('migrate'));
    assert.deepEqual(hookOf(job), ['pre-install', 'pre-upgrade']);
    assert.ok(deletePolicyOf(job).includes('before-hook-creation') && deletePolicyOf(job).includes('hook-succeeded'));
    const pod = job.spec.template.spec;
    assert.deepEqual(pod.containers[0].args, ['migrate']);
    assert.equal(pod.restartPolicy, 'Never');
    assert.ok(job.spec.backoffLimit >= 1 && job.spec.activeDeadlineSeconds > 0);
    // On a first install nothing but hooks exists when the Job starts: what it uses must be an earlier hook.
    const serviceAccount = named(manifests, 'ServiceAccount', pod.serviceAccountName);
    const secretNames = (pod.containers[0].env as EnvVar[]).flatMap((e) =>
      e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [],
    );
    assert.deepEqual(secretNames, [`${RELEASE}-issuer-platform-database`]);
    const secret = named(manifests, 'Secret', secretNames[0]);
    for (const dependency of [serviceAccount, secret]) {
      assert.ok(
        hookOf(job).every((phase) => hookOf(dependency).includes(phase)),
        `${dependency.kind} is a hook of the same phases`,
      );
      assert.ok(weightOf(dependency) < weightOf(job), `${dependency.kind} weight ${weightOf(dependency)} < Job ${weightOf(job)}`);
      assert.ok(deletePolicyOf(dependency).includes('before-hook-creation'));
      assert.ok(!deletePolicyOf(dependency).includes('hook-succeeded'), `${dependency.kind} must outlive the Job for the services`);
    }
    for (const service of SERVICES) {
      assert.equal(
        named(manifests, 'ConfigMap', fullName(service)).data!.MIGRATE_ON_START,
        'false',
        `${service} leaves migrations to the Job`,
      );
    }
  });

  it('with the bundled PostgreSQL the first run is post-install (the database exists only then) and services migrate on start', () => {
    const manifests = render('default');
    const job = named(manifests, 'Job', fullName('migrate'));
    assert.deepEqual(hookOf(job), ['post-install', 'pre-upgrade']);
    assert.ok(weightOf(named(manifests, 'ServiceAccount', job.spec.template.spec.serviceAccountName)) < weightOf(job));
    const secretRef = (job.spec.template.spec.containers[0].env as EnvVar[]).find((e) => e.name === 'DATABASE_PASSWORD')!.valueFrom!
      .secretKeyRef!;
    assert.equal(hookOf(named(manifests, 'Secret', secretRef.name)).length, 0, 'a regular object: exists before post-install hooks');
    for (const service of SERVICES) assert.equal(named(manifests, 'ConfigMap', fullName(service)).data!.MIGRATE_ON_START, 'true');
  });

  it('the helm test pod is a test hook that checks issuer-api over its Service', () => {
    const manifests = render('ha');
    const pods = ofKind(manifests, 'Pod');
    assert.equal(pods.length, 1);
    assert.deepEqual(hookOf(pods[0]), ['test']);
    assert.deepEqual(pods[0].spec.containers[0].args, ['helm-test']);
    const env = Object.fromEntries((pods[0].spec.containers[0].env as EnvVar[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    assert.equal(env.ISSUER_API_URL, `http://${fullName('issuer-api')}:3000`);
    assert.equal(env.SERVICES, SERVICES.join(','));
    assert.equal(env.NATS_URL, `nats://${RELEASE}-nats:4222`);
  });

  it('rolls exactly the pods whose configuration changed (checksum/config); the secrets checksum is stable without generated secrets', () => {
    const before = render('default');
    const after = render('default', { 'kms.env.EXTRA_SETTING': 'x' });
    const logLevel = render('default', { 'config.logLevel': 'debug' });
    for (const service of SERVICES) {
      const name = fullName(service);
      const original = podAnnotations(named(before, 'Deployment', name));
      assert.match(original['checksum/config'], /^[a-f0-9]{64}$/);
      assert.match(original['checksum/secrets'], /^[a-f0-9]{64}$/);
      const changed = podAnnotations(named(after, 'Deployment', name))['checksum/config'] !== original['checksum/config'];
      assert.equal(changed, service === 'kms', `${service}: checksum/config changes only with its own ConfigMap`);
      assert.notEqual(podAnnotations(named(logLevel, 'Deployment', name))['checksum/config'], original['checksum/config'], service);
    }
    const fixed = {
      'auth.adminApiKeys.existingSecret': 'a',
      'kms.masterKey.existingSecret': 'k',
      'issuerApi.secretsEncryptionKey.existingSecret': 's',
    };
    const stable = [render('default', fixed), render('default', fixed)].map(
      (m) => podAnnotations(named(m, 'Deployment', fullName('kms')))['checksum/secrets'],
    );
    assert.equal(stable[0], stable[1], 'no generated secret: the secrets checksum is deterministic');
  });
});
