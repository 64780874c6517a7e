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
  let token = raw.VAULT_TOKEN;
  if (!token && raw.VAULT_TOKEN_FILE) {
    try {
      token = readFileSync(raw.VAULT_TOKEN_FILE, 'utf8').trim();
    } catch {
      throw new ConfigError([{ variable: 'VAULT_TOKEN_FILE', message: 'cannot be read' }]);
    }
    if (!token) throw new ConfigError([{ variable: 'VAULT_TOKEN_FILE', message: 'names an empty file' }]);
  }
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
