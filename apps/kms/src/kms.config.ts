import { z } from 'zod';
import { loadConfig } from '@issuer/platform';

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
