import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';
import {
  corsOriginsEnv,
  loadConfig,
  outboundAllowedHostsEnv,
  trustedProxiesEnv,
  type AllowedOrigins,
  type OutboundAllowList,
  type TrustedProxies,
} from '@issuer/platform';
import {
  adminOidcSettingsOf,
  checkAdminOidcEnv,
  claimPathEnv,
  oidcIssuerEnv,
  type AdminOidcSettings,
} from './access/oidc/admin-oidc.settings';

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

/** Requests per minute of one rate limit (API.md §13); `0` turns it off. */
const perMinute = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of requests per minute (0 turns the limit off)')
    .optional()
    .transform((value) => (value === undefined ? fallback : Number(value)));

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
  /** Per client address, on the wallet endpoints that create state (rate-limits/). */
  RATE_LIMIT_WALLET_PER_MINUTE: perMinute(600),
  /** Per admin principal, on the admin API. */
  RATE_LIMIT_ADMIN_PER_MINUTE: perMinute(6000),
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
  /** 0: off. */
  walletRequestsPerMinute: number;
  /** 0: off. */
  adminRequestsPerMinute: number;
  /** Single sign-on for the admin API; undefined: off. */
  adminOidc?: AdminOidcSettings;
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
    walletRequestsPerMinute: raw.RATE_LIMIT_WALLET_PER_MINUTE,
    adminRequestsPerMinute: raw.RATE_LIMIT_ADMIN_PER_MINUTE,
    adminOidc: adminOidcSettingsOf(loadConfig(adminOidcEnvSchema, env)),
  };
}

/**
 * Single sign-on for the admin API (access/oidc/, API.md §13): the JWT access tokens of this identity provider are
 * accepted too, with roles and issuer scope from their claims. Unset ADMIN_OIDC_ISSUER: off.
 */
export const adminOidcEnvSchema = z
  .object({
    ADMIN_OIDC_ISSUER: oidcIssuerEnv,
    /** Required with the issuer: a token's `aud` must contain it. */
    ADMIN_OIDC_AUDIENCE: z.string().min(1).max(1000).optional(),
    /** Dot paths into the token's claims: the platform roles (Keycloak: realm_access.roles), the issuer ids or "*". */
    ADMIN_OIDC_ROLES_CLAIM: claimPathEnv('roles'),
    ADMIN_OIDC_ISSUERS_CLAIM: claimPathEnv('issuers'),
    // Read here too: an http issuer must be one of its hosts.
    OUTBOUND_ALLOWED_HOSTS: outboundAllowedHostsEnv,
  })
  .superRefine(checkAdminOidcEnv);

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

/**
 * Which peers may name the client in `X-Forwarded-For` (the ingress in front of the replicas): `request.ip`, the
 * address the wallet rate limit counts by, is the right-most address not listed. Read by the entry points before
 * the app is built (Fastify takes it at creation), so a bad value stops the process at boot.
 */
export const trustedProxiesEnvSchema = z.object({
  /** Comma-separated IPs and CIDRs; unset: none, `X-Forwarded-For` is ignored. */
  TRUSTED_PROXIES: trustedProxiesEnv,
});

export function loadTrustedProxies(env: NodeJS.ProcessEnv = process.env): TrustedProxies {
  return loadConfig(trustedProxiesEnvSchema, env).TRUSTED_PROXIES;
}
