import { z } from 'zod';
import { loadConfig } from '@issuer/platform';
import { parseDuration } from '@issuer/credentials';

export const dataRetentionEnvSchema = z.object({
  /**
   * How long an EXPIRED session stays after it expired before a run may purge it: its last events still
   * have to reach its webhook, which notifications retries for up to WEBHOOK_MAX_AGE (24h), so keep this
   * at least that long.
   */
  RETENTION_EXPIRED_GRACE: z
    .string()
    .default('24h')
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (parsed.valid) return parsed.ms;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
});

export interface DataRetentionSettings {
  /** Milliseconds an EXPIRED session is kept after its last change. */
  expiredGraceMs: number;
}

export function loadDataRetentionSettings(env: NodeJS.ProcessEnv = process.env): DataRetentionSettings {
  return { expiredGraceMs: loadConfig(dataRetentionEnvSchema, env).RETENTION_EXPIRED_GRACE };
}
