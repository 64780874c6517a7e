import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/bus';
import { InProcessBus } from '../bus/in-process-bus';
import { ConfigError } from '../config/config-error';
import { NatsBus } from '../bus/nats-bus';
import { loadPlatformConfig, type PlatformConfig } from '../config/platform-config';
import { HealthRegistry } from '../health/health-registry';
import { createLogger, type Logger } from '../observability/logger';

/** What a process shares between its service modules: config, bus, logger, readiness checks. */
export interface PlatformRuntime {
  /** `standalone` or the service name of a distributed process. */
  name: string;
  instanceId: string;
  config: PlatformConfig;
  bus: Bus;
  logger: Logger;
  health: HealthRegistry;
}

export const PLATFORM_RUNTIME = Symbol('PLATFORM_RUNTIME');

/**
 * Builds the runtime of a process: validated config (throws ConfigError naming the variable), JSON
 * logger, and the bus — NATS when NATS_URL is set (required for distributed services), else in-process.
 */
export async function createRuntime(name: string, options: { requireNats: boolean }): Promise<PlatformRuntime> {
  const config = loadPlatformConfig();
  if (options.requireNats && !config.natsUrl) {
    throw new ConfigError([{ variable: 'NATS_URL', message: 'is required for a distributed service' }]);
  }
  const logger = createLogger(name, config.logLevel);
  const bus: Bus = config.natsUrl ? await NatsBus.connect(config.natsUrl, name, logger) : new InProcessBus(logger);
  const health = new HealthRegistry();
  health.register('bus', () => bus.ping());
  return { name, instanceId: randomUUID(), config, bus, logger, health };
}
