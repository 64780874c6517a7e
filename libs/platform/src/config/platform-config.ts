import { z } from 'zod';
import { loadConfig } from './load-config';

const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.join(' or ')} URL`,
  );

/** Variables every service reads (API.md §0). */
export const platformEnvSchema = z.object({
  PORT: port.default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  NATS_URL: z
    .string()
    .min(1)
    .refine((v) => v.split(',').every((s) => /^(nats|tls|ws|wss):\/\/|^[\w.-]+:\d+$/.test(s.trim())), 'must be nats://host:port[,...]')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
});

export interface PlatformConfig {
  port: number;
  publicUrl: string;
  databaseUrl: string;
  natsUrl?: string;
  logLevel: string;
  migrateOnStart: boolean;
  dbPoolSize: number;
  /** Hot statements as named prepared statements; off behind a pooler in transaction mode without prepared statement support. */
  dbPreparedStatements: boolean;
}

/** Nest injection token of the process-wide PlatformConfig. */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const raw = loadConfig(platformEnvSchema, env);
  return {
    port: raw.PORT,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ''),
    databaseUrl: raw.DATABASE_URL,
    natsUrl: raw.NATS_URL,
    logLevel: raw.LOG_LEVEL,
    migrateOnStart: raw.MIGRATE_ON_START === 'true',
    dbPoolSize: raw.DB_POOL_SIZE,
    dbPreparedStatements: raw.DB_PREPARED_STATEMENTS === 'true',
  };
}
