import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';
import { corsOriginsEnv, loadConfig, outboundAllowedHostsEnv, type AllowedOrigins, type OutboundAllowList } from '@issuer/platform';

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
  OUTBOUND_ALLOWED_HOSTS: outboundAllowedHostsEnv,
  DATA_FUNCTION_TIMEOUT: duration('5s'),
  DATA_FUNCTION_MAX_BYTES: z.coerce.number().int().min(1).max(10_485_760).default(1_048_576),
});

export interface IssuerApiConfig {
  /** Secret: never logged or echoed. */
  adminApiKeys: string[];
  accessTokenTtlSeconds: number;
  nonceTtlSeconds: number;
  proofMaxAgeSeconds: number;
  /** Hosts that `<webhook…>` data functions may call although they resolve to private addresses (API.md §10). */
  outboundAllowList: OutboundAllowList;
  dataFunctionTimeoutMs: number;
  dataFunctionMaxBytes: number;
}

export const ISSUER_API_CONFIG = Symbol('ISSUER_API_CONFIG');

export function loadIssuerApiConfig(env: NodeJS.ProcessEnv = process.env): IssuerApiConfig {
  const raw = loadConfig(issuerApiEnvSchema, env);
  return {
    adminApiKeys: raw.ADMIN_API_KEYS,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL,
    nonceTtlSeconds: raw.NONCE_TTL,
    proofMaxAgeSeconds: raw.PROOF_MAX_AGE,
    outboundAllowList: raw.OUTBOUND_ALLOWED_HOSTS,
    dataFunctionTimeoutMs: raw.DATA_FUNCTION_TIMEOUT * 1000,
    dataFunctionMaxBytes: raw.DATA_FUNCTION_MAX_BYTES,
  };
}

/**
 * CORS of the HTTP edge (common/cors-rules.ts). Read by the entry points before the app is built, so a bad value
 * stops the process at boot. Unset: the public documents are readable from any origin, the wallet endpoints and
 * the admin API from none.
 */
export const corsEnvSchema = z.object({
  /** Origins (or `*`) whose pages may call the wallet endpoints (token, nonce, credential, PAR, ...). */
  CORS_ALLOWED_ORIGINS: corsOriginsEnv({ wildcard: true }),
  /** Origins whose pages may call the admin API; never `*`. */
  CORS_ADMIN_ALLOWED_ORIGINS: corsOriginsEnv({ wildcard: false }),
});

export interface CorsConfig {
  walletOrigins?: AllowedOrigins;
  adminOrigins?: AllowedOrigins;
}

export function loadCorsConfig(env: NodeJS.ProcessEnv = process.env): CorsConfig {
  const raw = loadConfig(corsEnvSchema, env);
  return { walletOrigins: raw.CORS_ALLOWED_ORIGINS, adminOrigins: raw.CORS_ADMIN_ALLOWED_ORIGINS };
}
