import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@issuer/platform';
import { loadAzureKeyVaultConfig, loadKmsConfig, loadOciVaultConfig } from './kms.config';

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

/** The variables a ConfigError names, asserting no secret in `secrets` is echoed. */
function problemsOf(load: () => unknown, secrets: string[] = []): string[] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    for (const secret of secrets) assert.ok(!error.message.includes(secret), 'a secret is echoed');
    return error.problems.map((p) => p.variable);
  }
  return assert.fail('expected a ConfigError');
}

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kms-config-'));
  const path = join(dir, 'secret');
  writeFileSync(path, content);
  return path;
}

describe('loadAzureKeyVaultConfig', () => {
  const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const client = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
  const base = {
    AZURE_KEY_VAULT_URL: 'https://issuer.vault.azure.net/',
    AZURE_KEY_VAULT_TENANT_ID: tenant,
    AZURE_KEY_VAULT_CLIENT_ID: client,
  };

  it('is undefined without AZURE_KEY_VAULT_URL (no azure backend)', () => {
    assert.equal(loadAzureKeyVaultConfig({ AZURE_KEY_VAULT_CLIENT_SECRET: 'x' }), undefined);
  });

  it('reads the vault, the application and its secret inline or from AZURE_KEY_VAULT_CLIENT_SECRET_FILE', () => {
    assert.deepEqual(loadAzureKeyVaultConfig({ ...base, AZURE_KEY_VAULT_CLIENT_SECRET: 's3cret' }), {
      vaultUrl: 'https://issuer.vault.azure.net',
      tenantId: tenant,
      clientId: client,
      clientSecret: 's3cret',
      authorityHost: undefined,
    });
    const file = tempFile('from-file\n');
    const config = loadAzureKeyVaultConfig({
      ...base,
      AZURE_KEY_VAULT_CLIENT_SECRET_FILE: file,
      AZURE_KEY_VAULT_AUTHORITY_HOST: 'https://login.microsoftonline.us',
    });
    assert.equal(config?.clientSecret, 'from-file');
    assert.equal(config?.authorityHost, 'https://login.microsoftonline.us');
  });

  it('fails fast naming the variable, without echoing the secret', () => {
    const secret = 'super-secret-value';
    const load = (env: NodeJS.ProcessEnv) => () => loadAzureKeyVaultConfig(env);
    assert.deepEqual(
      problemsOf(load({ ...base, AZURE_KEY_VAULT_URL: 'http://issuer.vault.azure.net', AZURE_KEY_VAULT_CLIENT_SECRET: secret }), [secret]),
      ['AZURE_KEY_VAULT_URL'],
    );
    assert.deepEqual(problemsOf(load({ AZURE_KEY_VAULT_URL: base.AZURE_KEY_VAULT_URL, AZURE_KEY_VAULT_CLIENT_SECRET: secret }), [secret]), [
      'AZURE_KEY_VAULT_TENANT_ID',
      'AZURE_KEY_VAULT_CLIENT_ID',
    ]);
    assert.deepEqual(problemsOf(load({ ...base, AZURE_KEY_VAULT_TENANT_ID: 'contoso', AZURE_KEY_VAULT_CLIENT_SECRET: secret }), [secret]), [
      'AZURE_KEY_VAULT_TENANT_ID',
    ]);
    assert.deepEqual(problemsOf(load(base)), ['AZURE_KEY_VAULT_CLIENT_SECRET']);
    assert.deepEqual(
      problemsOf(load({ ...base, AZURE_KEY_VAULT_CLIENT_SECRET: secret, AZURE_KEY_VAULT_CLIENT_SECRET_FILE: '/x' }), [secret]),
      ['AZURE_KEY_VAULT_CLIENT_SECRET_FILE'],
    );
    assert.deepEqual(problemsOf(load({ ...base, AZURE_KEY_VAULT_CLIENT_SECRET_FILE: '/nonexistent/secret' })), [
      'AZURE_KEY_VAULT_CLIENT_SECRET_FILE',
    ]);
    assert.deepEqual(problemsOf(load({ ...base, AZURE_KEY_VAULT_CLIENT_SECRET_FILE: tempFile('  \n') })), [
      'AZURE_KEY_VAULT_CLIENT_SECRET_FILE',
    ]);
  });
});

describe('loadOciVaultConfig', () => {
  const pem = String(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const base = {
    OCI_KMS_MANAGEMENT_ENDPOINT: 'https://abc-management.kms.eu-frankfurt-1.oraclecloud.com/',
    OCI_KMS_CRYPTO_ENDPOINT: 'https://abc-crypto.kms.eu-frankfurt-1.oraclecloud.com',
    OCI_KMS_COMPARTMENT_ID: 'ocid1.compartment.oc1..aaaaaaaacompartment',
    OCI_TENANCY_ID: 'ocid1.tenancy.oc1..aaaaaaaatenancy',
    OCI_USER_ID: 'ocid1.user.oc1..aaaaaaaauser',
    OCI_FINGERPRINT: '20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34',
    OCI_REGION: 'eu-frankfurt-1',
  };

  it('is undefined without OCI_KMS_MANAGEMENT_ENDPOINT (no oci backend)', () => {
    assert.equal(loadOciVaultConfig({ OCI_PRIVATE_KEY: pem }), undefined);
  });

  it('reads endpoints, identity and the API key inline (with \\n escapes) or from OCI_PRIVATE_KEY_FILE', () => {
    const inline = loadOciVaultConfig({ ...base, OCI_PRIVATE_KEY: pem.replace(/\n/g, '\\n') });
    assert.equal(inline?.privateKey, pem);
    assert.equal(inline?.managementEndpoint, 'https://abc-management.kms.eu-frankfurt-1.oraclecloud.com');
    assert.equal(inline?.protectionMode, 'HSM');
    const fromFile = loadOciVaultConfig({ ...base, OCI_PRIVATE_KEY_FILE: tempFile(pem), OCI_KMS_PROTECTION_MODE: 'SOFTWARE' });
    assert.equal(fromFile?.privateKey, pem.trim());
    assert.equal(fromFile?.protectionMode, 'SOFTWARE');
    assert.equal(fromFile?.tenancyId, base.OCI_TENANCY_ID);
  });

  it('fails fast naming the variable, without echoing the private key', () => {
    const load = (env: NodeJS.ProcessEnv) => () => loadOciVaultConfig(env);
    assert.deepEqual(problemsOf(load({ OCI_KMS_MANAGEMENT_ENDPOINT: base.OCI_KMS_MANAGEMENT_ENDPOINT, OCI_PRIVATE_KEY: pem }), [pem]), [
      'OCI_KMS_CRYPTO_ENDPOINT',
      'OCI_KMS_COMPARTMENT_ID',
      'OCI_TENANCY_ID',
      'OCI_USER_ID',
      'OCI_FINGERPRINT',
      'OCI_REGION',
    ]);
    assert.deepEqual(problemsOf(load(base)), ['OCI_PRIVATE_KEY']);
    assert.deepEqual(problemsOf(load({ ...base, OCI_TENANCY_ID: 'ocid1.user.oc1..x', OCI_PRIVATE_KEY: pem }), [pem]), ['OCI_TENANCY_ID']);
    assert.deepEqual(problemsOf(load({ ...base, OCI_FINGERPRINT: 'abc', OCI_PRIVATE_KEY: pem }), [pem]), ['OCI_FINGERPRINT']);
    assert.deepEqual(problemsOf(load({ ...base, OCI_KMS_PROTECTION_MODE: 'EXTERNAL', OCI_PRIVATE_KEY: pem }), [pem]), [
      'OCI_KMS_PROTECTION_MODE',
    ]);
    const garbage = 'not-a-pem-private-key-material';
    assert.deepEqual(problemsOf(load({ ...base, OCI_PRIVATE_KEY: garbage }), [garbage]), ['OCI_PRIVATE_KEY']);
    assert.deepEqual(problemsOf(load({ ...base, OCI_PRIVATE_KEY_FILE: '/nonexistent/key.pem' })), ['OCI_PRIVATE_KEY_FILE']);
    const ec = String(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    assert.deepEqual(problemsOf(load({ ...base, OCI_PRIVATE_KEY_FILE: tempFile(ec) }), [ec]), ['OCI_PRIVATE_KEY_FILE']);
  });
});
