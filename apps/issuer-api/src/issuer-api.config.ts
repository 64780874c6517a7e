import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';
import { loadConfig } from '@issuer/platform';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.valid) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.ms / 1000;
    });

export const issuerApiEnvSchema = z.object({
  ADMIN_API_KEYS: z
    .string({ message: 'is required (comma-separated admin bearer keys)' })
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.length > 0 && keys.every((k) => k.length >= 16), 'each key must have at least 16 characters'),
  ACCESS_TOKEN_TTL: duration('10m'),
  NONCE_TTL: duration('5m'),
  PROOF_MAX_AGE: duration('5m'),
});

export interface IssuerApiConfig {
  /** Secret: never logged or echoed. */
  adminApiKeys: string[];
  accessTokenTtlSeconds: number;
  nonceTtlSeconds: number;
  proofMaxAgeSeconds: number;
}

export const ISSUER_API_CONFIG = Symbol('ISSUER_API_CONFIG');

export function loadIssuerApiConfig(env: NodeJS.ProcessEnv = process.env): IssuerApiConfig {
  const raw = loadConfig(issuerApiEnvSchema, env);
  return {
    adminApiKeys: raw.ADMIN_API_KEYS,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL,
    nonceTtlSeconds: raw.NONCE_TTL,
    proofMaxAgeSeconds: raw.PROOF_MAX_AGE,
  };
}
