import type { Provider } from '@nestjs/common';
import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';
import { loadConfig } from '@issuer/platform';
import type { SseLimits } from './sse-connection';

export const SSE_LIMITS = Symbol('SSE_LIMITS');

const envSchema = z.object({
  SSE_HEARTBEAT_INTERVAL: z
    .string()
    .default('15s')
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.valid) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.ms;
    }),
  SSE_MAX_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(16_384)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
});

/** SSE_HEARTBEAT_INTERVAL (default 15s) and SSE_MAX_BUFFER_BYTES (default 1 MiB) per connection. */
export const sseLimitsProvider: Provider = {
  provide: SSE_LIMITS,
  useFactory: (): SseLimits => {
    const env = loadConfig(envSchema, process.env);
    return { heartbeatMs: env.SSE_HEARTBEAT_INTERVAL, maxBufferBytes: env.SSE_MAX_BUFFER_BYTES, maxPending: 10_000 };
  },
};
