import { z } from 'zod';
import { loadConfig } from '@issuer/platform';

/**
 * The audit log's own retention (API.md §13): records older than this many days are purged by issuer-api
 * (audit-retention.sweeper.ts), whatever the session retention of API.md §9 says. At least 1: the database refuses to
 * purge a record younger than a day (migration 1765600000000).
 */
export const auditEnvSchema = z.object({
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ message: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 (day)')
    .max(36_500, 'must be at most 36500 (days)')
    .default(365),
});

export interface AuditConfig {
  retentionDays: number;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

/** Read when issuer-api's providers are built, so a bad value stops the boot naming the variable. */
export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return { retentionDays: loadConfig(auditEnvSchema, env).AUDIT_RETENTION_DAYS };
}
