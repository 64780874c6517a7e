import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, ofKind, render, renderError, RELEASE, SERVICES, type EnvVar, type Manifest } from './render-chart';
import { validateManifest } from './validate-manifest';

/** Variables that carry credentials: never a literal `value` in a pod spec. */
const SECRET_VARIABLES = [
  'ADMIN_API_KEYS',
  'KMS_MASTER_KEY',
  'DATABASE_PASSWORD',
  'VAULT_TOKEN',
  'SECRETS_ENCRYPTION_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AZURE_KEY_VAULT_CLIENT_SECRET',
  'OCI_PRIVATE_KEY',
  'OCI_PRIVATE_KEY_PASSPHRASE',
];

function podSpecs(manifests: Manifest[]): { owner: string; spec: Manifest['spec'] }[] {
  return [
    ...ofKind(manifests, 'Deployment').map((d) => ({ owner: d.metadata.name, spec: d.spec.template.spec })),
    ...ofKind(manifests, 'StatefulSet').map((s) => ({ owner: s.metadata.name, spec: s.spec.template.spec })),
    ...ofKind(manifests, 'Job').map((j) => ({ owner: j.metadata.name, spec: j.spec.template.spec })),
    ...ofKind(manifests, 'Pod').map((p) => ({ owner: p.metadata.name, spec: p.spec })),
  ];
}

function envOf(manifests: Manifest[]): { owner: string; env: EnvVar }[] {
  return podSpecs(manifests).flatMap(({ owner, spec }) =>
    spec.containers.flatMap((c: { env?: EnvVar[] }) => (c.env ?? []).map((env) => ({ owner, env }))),
  );
}

describe('helm chart: secrets', () => {
  it('with existingSecret everywhere (scenario external) renders no Secret and references only the named ones', () => {
    const manifests = render('external');
    assert.deepEqual(
      ofKind(manifests, 'Secret').map((s) => s.metadata.name),
      [],
    );
    const referenced = new Set(
      envOf(manifests).flatMap(({ env }) => (env.valueFrom?.secretKeyRef ? [env.valueFrom.secretKeyRef.name] : [])),
    );
    assert.deepEqual([...referenced].sort(), [
      'issuer-admin',
      'issuer-database',
      'issuer-kms',
      'issuer-nats',
      'issuer-oci',
      'issuer-webhooks',
    ]);
    const kms = named(manifests, 'Deployment', fullName('kms')).spec.template.spec;
    const secretVolume = (name: string) => kms.volumes.find((v: { name: string }) => v.name === name)?.secret;
    assert.deepEqual(secretVolume('vault-token'), { secretName: 'issuer-vault', items: [{ key: 'token', path: 'token' }] });
    assert.deepEqual(secretVolume('azure-client-secret'), {
      secretName: 'issuer-azure',
      items: [{ key: 'client-secret', path: 'client-secret' }],
    });
    assert.deepEqual(secretVolume('oci-private-key'), {
      secretName: 'issuer-oci',
      items: [{ key: 'private-key', path: 'private-key.pem' }],
    });
  });

  it('takes a provider Secret whose keys all become variables (envFrom) only when one is named', () => {
    const kmsEnvFrom = (manifests: Manifest[]) =>
      (named(manifests, 'Deployment', fullName('kms')).spec.template.spec.containers[0].envFrom as { secretRef?: { name: string } }[])
        .flatMap((e) => (e.secretRef ? [e.secretRef.name] : []))
        .sort();
    assert.deepEqual(kmsEnvFrom(render('external')), []);
    assert.deepEqual(kmsEnvFrom(render('external', { 'kms.providers.aws.existingSecret': 'issuer-aws-keys' })), ['issuer-aws-keys']);
  });

  for (const scenario of ['default', 'external', 'ha'] as const) {
    it(`never puts a credential variable in a pod spec as a literal value (scenario ${scenario})`, () => {
      for (const { owner, env } of envOf(render(scenario))) {
        if (SECRET_VARIABLES.includes(env.name)) assert.ok(env.valueFrom?.secretKeyRef && env.value === undefined, `${owner} ${env.name}`);
        if (env.name === 'DATABASE_URL' && env.value !== undefined)
          assert.match(env.value, /^postgres:\/\/[^:]+:\$\(DATABASE_PASSWORD\)@/, owner);
      }
    });
  }

  it('keeps a password given as a value out of every object but its Secret', () => {
    const password = 'Sentinel0Password0Value';
    const manifests = render('external', { 'externalDatabase.existingSecret': '', 'externalDatabase.password': password });
    const secret = named(manifests, 'Secret', `${RELEASE}-issuer-platform-database`);
    assert.equal(Buffer.from(secret.data!.password, 'base64').toString(), password);
    for (const manifest of manifests.filter((m) => m !== secret))
      assert.ok(!JSON.stringify(manifest).includes(password), `${manifest.kind}/${manifest.metadata.name}`);
    for (const { env } of envOf(manifests).filter(({ env }) => env.name === 'DATABASE_PASSWORD')) {
      assert.deepEqual(env.valueFrom?.secretKeyRef, { name: `${RELEASE}-issuer-platform-database`, key: 'password' });
    }
  });

  it('generates the admin key, KMS master key, secrets encryption key and database password, kept on uninstall, in the formats the services accept', () => {
    const manifests = render('default');
    const admin = named(manifests, 'Secret', `${RELEASE}-issuer-platform-admin`);
    const master = named(manifests, 'Secret', `${RELEASE}-issuer-platform-kms-master-key`);
    const sealing = named(manifests, 'Secret', `${RELEASE}-issuer-platform-secrets-encryption-key`);
    const database = named(manifests, 'Secret', `${RELEASE}-postgresql`);
    assert.equal(ofKind(manifests, 'Secret').length, 4);
    for (const secret of [admin, master, sealing, database]) {
      assert.equal(secret.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
      validateManifest(secret);
    }
    assert.ok(Buffer.from(admin.data!['admin-api-keys'], 'base64').toString().length >= 16);
    const masterKey = Buffer.from(master.data!['master-key'], 'base64').toString();
    assert.equal(Buffer.from(masterKey, 'base64').length, 32, 'KMS_MASTER_KEY must be base64 of 32 bytes');
    const sealingKey = Buffer.from(sealing.data!['encryption-key'], 'base64').toString();
    assert.equal(Buffer.from(sealingKey, 'base64').length, 32, 'SECRETS_ENCRYPTION_KEY must be base64 of 32 bytes');
    assert.match(Buffer.from(database.data!.password, 'base64').toString(), /^[A-Za-z0-9]{32}$/);
    const apiEnv = named(manifests, 'Deployment', fullName('issuer-api')).spec.template.spec.containers[0].env as EnvVar[];
    assert.deepEqual(apiEnv.find((e) => e.name === 'SECRETS_ENCRYPTION_KEY')?.valueFrom?.secretKeyRef, {
      name: sealing.metadata.name,
      key: 'encryption-key',
    });
    const kmsEnv = named(manifests, 'Deployment', fullName('kms')).spec.template.spec.containers[0].env as EnvVar[];
    assert.deepEqual(kmsEnv.find((e) => e.name === 'KMS_MASTER_KEY')?.valueFrom?.secretKeyRef, {
      name: master.metadata.name,
      key: 'master-key',
    });
    for (const service of SERVICES) {
      const env = named(manifests, 'Deployment', fullName(service)).spec.template.spec.containers[0].env as EnvVar[];
      assert.deepEqual(env.find((e) => e.name === 'DATABASE_PASSWORD')?.valueFrom?.secretKeyRef, {
        name: database.metadata.name,
        key: 'password',
      });
    }
  });

  it('fails the render, naming the value, when an external database has neither host nor credentials', () => {
    assert.match(renderError('external', { 'externalDatabase.host': '' }), /externalDatabase\.host is required/);
    assert.match(
      renderError('external', { 'externalDatabase.existingSecret': '' }),
      /externalDatabase\.password or externalDatabase\.existingSecret is required/,
    );
  });
});
