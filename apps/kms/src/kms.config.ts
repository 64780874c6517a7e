import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@issuer/platform';

export const kmsEnvSchema = z.object({
  KMS_MASTER_KEY: z
    .string({ message: 'is required (base64 of 32 random bytes; standalone generates one in DATA_DIR)' })
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
});

export interface KmsConfig {
  /** AES-256-GCM key that encrypts every stored private key. Secret: never logged. */
  masterKey: Buffer;
}

export const KMS_CONFIG = Symbol('KMS_CONFIG');

export function loadKmsConfig(env: NodeJS.ProcessEnv = process.env): KmsConfig {
  const raw = loadConfig(kmsEnvSchema, env);
  return { masterKey: Buffer.from(raw.KMS_MASTER_KEY, 'base64') };
}

/** The optional HashiCorp Vault transit backend: registered as `vault` only when VAULT_ADDR is set. */
export const vaultEnvSchema = z
  .object({
    VAULT_ADDR: z.string().url('must be a URL such as https://vault.example.com:8200').optional(),
    VAULT_TOKEN: z.string().min(1).optional(),
    VAULT_TOKEN_FILE: z.string().min(1).optional(),
    VAULT_TRANSIT_MOUNT: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'must be a mount path such as transit')
      .default('transit'),
    VAULT_NAMESPACE: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.VAULT_ADDR) return;
    if (!env.VAULT_TOKEN && !env.VAULT_TOKEN_FILE)
      ctx.addIssue({ code: 'custom', path: ['VAULT_TOKEN'], message: 'is required when VAULT_ADDR is set (or VAULT_TOKEN_FILE)' });
    if (env.VAULT_TOKEN && env.VAULT_TOKEN_FILE)
      ctx.addIssue({ code: 'custom', path: ['VAULT_TOKEN_FILE'], message: 'set either VAULT_TOKEN or VAULT_TOKEN_FILE, not both' });
  });

export interface VaultConfig {
  endpoint: string;
  /** Secret: never logged. */
  token: string;
  mount: string;
  namespace?: string;
}

/** Undefined when VAULT_ADDR is not set (no vault backend); fails fast naming the variable otherwise. */
export function loadVaultConfig(env: NodeJS.ProcessEnv = process.env): VaultConfig | undefined {
  const raw = loadConfig(vaultEnvSchema, env);
  if (!raw.VAULT_ADDR) return undefined;
  const token = readSecret(raw.VAULT_TOKEN, raw.VAULT_TOKEN_FILE, 'VAULT_TOKEN_FILE');
  return { endpoint: raw.VAULT_ADDR.replace(/\/+$/, ''), token: token!, mount: raw.VAULT_TRANSIT_MOUNT, namespace: raw.VAULT_NAMESPACE };
}

/**
 * The optional AWS KMS backend: registered as `aws` only when AWS_KMS_REGION is set. Credentials come from the AWS
 * SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, web identity, instance role): never read or logged here.
 */
export const awsKmsEnvSchema = z.object({
  AWS_KMS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-central-1')
    .optional(),
  AWS_KMS_ENDPOINT: z.string().url('must be a URL such as https://kms.eu-central-1.amazonaws.com').optional(),
});

export interface AwsKmsConfig {
  region: string;
  /** Custom endpoint (VPC endpoint, test fake); undefined = the SDK's regional default. */
  endpoint?: string;
}

/** Undefined when AWS_KMS_REGION is not set (no aws backend); fails fast naming the variable otherwise. */
export function loadAwsKmsConfig(env: NodeJS.ProcessEnv = process.env): AwsKmsConfig | undefined {
  const raw = loadConfig(awsKmsEnvSchema, env);
  if (!raw.AWS_KMS_REGION) {
    if (raw.AWS_KMS_ENDPOINT) throw new ConfigError([{ variable: 'AWS_KMS_REGION', message: 'is required when AWS_KMS_ENDPOINT is set' }]);
    return undefined;
  }
  return { region: raw.AWS_KMS_REGION, endpoint: raw.AWS_KMS_ENDPOINT?.replace(/\/+$/, '') };
}

/** A secret given inline (`<VAR>`) or as a file (`<VAR>_FILE`, e.g. a mounted Kubernetes secret); trimmed, never echoed. */
function readSecret(inline: string | undefined, file: string | undefined, fileVariable: string): string | undefined {
  if (inline || !file) return inline;
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError([{ variable: fileVariable, message: 'cannot be read' }]);
  }
  if (!value) throw new ConfigError([{ variable: fileVariable, message: 'names an empty file' }]);
  return value;
}

/** Requires exactly one of `<VAR>` and `<VAR>_FILE` when the provider is enabled. */
function oneSecret(ctx: z.RefinementCtx, env: Record<string, unknown>, variable: string, enabledBy: string): void {
  const file = `${variable}_FILE`;
  if (!env[variable] && !env[file])
    ctx.addIssue({ code: 'custom', path: [variable], message: `is required when ${enabledBy} is set (or ${file})` });
  if (env[variable] && env[file]) ctx.addIssue({ code: 'custom', path: [file], message: `set either ${variable} or ${file}, not both` });
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/**
 * The optional Azure Key Vault backend: registered as `azure` only when AZURE_KEY_VAULT_URL is set. Authenticates
 * as an Entra ID application (client secret); the secret is never logged.
 */
export const azureKeyVaultEnvSchema = z
  .object({
    AZURE_KEY_VAULT_URL: z
      .string()
      .url('must be a URL such as https://my-vault.vault.azure.net')
      .refine((v) => v.startsWith('https://'), 'must be an https URL (Key Vault only accepts bearer tokens over TLS)')
      .optional(),
    AZURE_KEY_VAULT_TENANT_ID: z.string().regex(GUID, 'must be the directory (tenant) id, a GUID').optional(),
    AZURE_KEY_VAULT_CLIENT_ID: z.string().regex(GUID, 'must be the application (client) id, a GUID').optional(),
    AZURE_KEY_VAULT_CLIENT_SECRET: z.string().min(1).optional(),
    AZURE_KEY_VAULT_CLIENT_SECRET_FILE: z.string().min(1).optional(),
    AZURE_KEY_VAULT_AUTHORITY_HOST: z.string().url('must be a URL such as https://login.microsoftonline.us').optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.AZURE_KEY_VAULT_URL) return;
    for (const variable of ['AZURE_KEY_VAULT_TENANT_ID', 'AZURE_KEY_VAULT_CLIENT_ID'] as const)
      if (!env[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when AZURE_KEY_VAULT_URL is set' });
    oneSecret(ctx, env, 'AZURE_KEY_VAULT_CLIENT_SECRET', 'AZURE_KEY_VAULT_URL');
  });

export interface AzureKeyVaultConfig {
  vaultUrl: string;
  tenantId: string;
  clientId: string;
  /** Secret: never logged. */
  clientSecret: string;
  /** Entra ID authority for sovereign clouds; undefined = the public cloud's. */
  authorityHost?: string;
}

/** Undefined when AZURE_KEY_VAULT_URL is not set (no azure backend); fails fast naming the variable otherwise. */
export function loadAzureKeyVaultConfig(env: NodeJS.ProcessEnv = process.env): AzureKeyVaultConfig | undefined {
  const raw = loadConfig(azureKeyVaultEnvSchema, env);
  if (!raw.AZURE_KEY_VAULT_URL) return undefined;
  return {
    vaultUrl: raw.AZURE_KEY_VAULT_URL.replace(/\/+$/, ''),
    tenantId: raw.AZURE_KEY_VAULT_TENANT_ID!,
    clientId: raw.AZURE_KEY_VAULT_CLIENT_ID!,
    clientSecret: readSecret(
      raw.AZURE_KEY_VAULT_CLIENT_SECRET,
      raw.AZURE_KEY_VAULT_CLIENT_SECRET_FILE,
      'AZURE_KEY_VAULT_CLIENT_SECRET_FILE',
    )!,
    authorityHost: raw.AZURE_KEY_VAULT_AUTHORITY_HOST?.replace(/\/+$/, ''),
  };
}

const OCID = (kind: string) =>
  z
    .string()
    .regex(new RegExp(`^ocid1\\.${kind}\\.[a-z0-9-]+\\.[a-z0-9-]*\\.[A-Za-z0-9._-]+$`), `must be an OCI ${kind} OCID (ocid1.${kind}.…)`);

/**
 * The optional OCI Vault backend: registered as `oci` only when OCI_KMS_MANAGEMENT_ENDPOINT is set. Requests are
 * signed with an OCI API key (tenancy, user, fingerprint, private key); the private key is never logged.
 */
export const ociVaultEnvSchema = z
  .object({
    OCI_KMS_MANAGEMENT_ENDPOINT: z
      .string()
      .url('must be the vault management endpoint, https://<id>-management.kms.<region>.oraclecloud.com')
      .optional(),
    OCI_KMS_CRYPTO_ENDPOINT: z
      .string()
      .url('must be the vault crypto endpoint, https://<id>-crypto.kms.<region>.oraclecloud.com')
      .optional(),
    OCI_KMS_COMPARTMENT_ID: OCID('compartment').optional(),
    OCI_KMS_PROTECTION_MODE: z.enum(['HSM', 'SOFTWARE'], { message: 'must be HSM or SOFTWARE' }).default('HSM'),
    OCI_TENANCY_ID: OCID('tenancy').optional(),
    OCI_USER_ID: OCID('user').optional(),
    OCI_FINGERPRINT: z
      .string()
      .regex(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/, 'must be the API key fingerprint, 16 colon-separated hex bytes')
      .optional(),
    OCI_PRIVATE_KEY: z.string().min(1).optional(),
    OCI_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    OCI_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
    OCI_REGION: z
      .string()
      .regex(/^[a-z]+(-[a-z]+)+-\d+$/, 'must be an OCI region such as eu-frankfurt-1')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.OCI_KMS_MANAGEMENT_ENDPOINT) return;
    for (const variable of [
      'OCI_KMS_CRYPTO_ENDPOINT',
      'OCI_KMS_COMPARTMENT_ID',
      'OCI_TENANCY_ID',
      'OCI_USER_ID',
      'OCI_FINGERPRINT',
      'OCI_REGION',
    ] as const)
      if (!env[variable])
        ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when OCI_KMS_MANAGEMENT_ENDPOINT is set' });
    oneSecret(ctx, env, 'OCI_PRIVATE_KEY', 'OCI_KMS_MANAGEMENT_ENDPOINT');
  });

export interface OciVaultConfig {
  managementEndpoint: string;
  cryptoEndpoint: string;
  compartmentId: string;
  protectionMode: 'HSM' | 'SOFTWARE';
  tenancyId: string;
  userId: string;
  fingerprint: string;
  /** PEM. Secret: never logged. */
  privateKey: string;
  passphrase?: string;
  region: string;
}

/** Undefined when OCI_KMS_MANAGEMENT_ENDPOINT is not set (no oci backend); fails fast naming the variable otherwise. */
export function loadOciVaultConfig(env: NodeJS.ProcessEnv = process.env): OciVaultConfig | undefined {
  const raw = loadConfig(ociVaultEnvSchema, env);
  if (!raw.OCI_KMS_MANAGEMENT_ENDPOINT) return undefined;
  // Multi-line PEM in one env line is often written with literal \n.
  const privateKey = readSecret(raw.OCI_PRIVATE_KEY?.replace(/\\n/g, '\n'), raw.OCI_PRIVATE_KEY_FILE, 'OCI_PRIVATE_KEY_FILE')!;
  const keyVariable = raw.OCI_PRIVATE_KEY ? 'OCI_PRIVATE_KEY' : 'OCI_PRIVATE_KEY_FILE';
  try {
    const key = createPrivateKey({ key: privateKey, format: 'pem', passphrase: raw.OCI_PRIVATE_KEY_PASSPHRASE });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw new ConfigError([
      { variable: keyVariable, message: 'must be the PEM RSA private key of the OCI API key (check OCI_PRIVATE_KEY_PASSPHRASE)' },
    ]);
  }
  return {
    managementEndpoint: raw.OCI_KMS_MANAGEMENT_ENDPOINT.replace(/\/+$/, ''),
    cryptoEndpoint: raw.OCI_KMS_CRYPTO_ENDPOINT!.replace(/\/+$/, ''),
    compartmentId: raw.OCI_KMS_COMPARTMENT_ID!,
    protectionMode: raw.OCI_KMS_PROTECTION_MODE,
    tenancyId: raw.OCI_TENANCY_ID!,
    userId: raw.OCI_USER_ID!,
    fingerprint: raw.OCI_FINGERPRINT!,
    privateKey,
    passphrase: raw.OCI_PRIVATE_KEY_PASSPHRASE,
    region: raw.OCI_REGION!,
  };
}
