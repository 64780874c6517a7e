import { z } from 'zod';
import { loadConfig } from '@issuer/platform';

const positiveInt = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export const statusListEnvSchema = z
  .object({
    /** Entries per list; W3C lists are never smaller than 131,072 (Bitstring Status List v1.0 §6.1). */
    STATUS_LIST_SIZE: positiveInt(131_072, 8).refine((v) => v % 8 === 0, 'must be a multiple of 8'),
    /** Seconds relying parties may cache a list (`ttl`, `Cache-Control: max-age`). */
    STATUS_LIST_TTL_SECONDS: positiveInt(300),
    /** Seconds a signed list stays valid (`exp` / `validUntil`); lists are re-signed at half of it. */
    STATUS_LIST_VALIDITY_SECONDS: positiveInt(86_400, 60),
    /** Least time between two signatures of one list: changes within it share one re-sign. */
    STATUS_LIST_PUBLISH_INTERVAL_MS: positiveInt(1000, 10),
  })
  // Lists are re-signed once half their validity is left: a relying party caching one for `ttl` seconds
  // must not hold it past `exp`, so `ttl` stays below that half.
  .refine((env) => env.STATUS_LIST_TTL_SECONDS < env.STATUS_LIST_VALIDITY_SECONDS / 2, {
    message: 'must be less than half of STATUS_LIST_VALIDITY_SECONDS (lists are re-signed at half of their validity)',
    path: ['STATUS_LIST_TTL_SECONDS'],
  });

export interface StatusListConfig {
  listSize: number;
  ttlSeconds: number;
  validitySeconds: number;
  publishIntervalMs: number;
}

export function loadStatusListConfig(env: NodeJS.ProcessEnv = process.env): StatusListConfig {
  const raw = loadConfig(statusListEnvSchema, env);
  return {
    listSize: raw.STATUS_LIST_SIZE,
    ttlSeconds: raw.STATUS_LIST_TTL_SECONDS,
    validitySeconds: raw.STATUS_LIST_VALIDITY_SECONDS,
    publishIntervalMs: raw.STATUS_LIST_PUBLISH_INTERVAL_MS,
  };
}
