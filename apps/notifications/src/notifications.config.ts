import { z } from 'zod';
import { loadConfig, outboundAllowedHostsEnv, type OutboundAllowList } from '@issuer/platform';
import { parseDelays, type RetryPolicy } from './deliveries/retry-schedule';

const delays = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseDelays(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
const oneDelay = (fallback: string) => delays(fallback).refine((d) => d.length === 1 && d[0] > 0, 'must be one positive delay like 10s');

export const notificationsEnvSchema = z.object({
  OUTBOUND_ALLOWED_HOSTS: outboundAllowedHostsEnv,
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  WEBHOOK_MAX_AGE: oneDelay('24h'),
  WEBHOOK_TIMEOUT: oneDelay('10s'),
  WEBHOOK_RETRY_DELAYS: delays('0s,5s,15s,45s,2m,5m,15m'),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  NOTIFICATIONS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters [A-Za-z0-9_-]')
    .default('notifications'),
});

export interface NotificationsConfig {
  outboundAllowList: OutboundAllowList;
  retry: RetryPolicy;
  timeoutMs: number;
  concurrency: number;
  /** Durable consumer name on ISSUER_EVENTS; every replica of one deployment uses the same. */
  consumerName: string;
}

export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const raw = loadConfig(notificationsEnvSchema, env);
  return {
    outboundAllowList: raw.OUTBOUND_ALLOWED_HOSTS,
    retry: { delaysMs: raw.WEBHOOK_RETRY_DELAYS, maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS, maxAgeMs: raw.WEBHOOK_MAX_AGE[0], jitter: 0.2 },
    timeoutMs: raw.WEBHOOK_TIMEOUT[0],
    concurrency: raw.WEBHOOK_CONCURRENCY,
    consumerName: raw.NOTIFICATIONS_CONSUMER,
  };
}
