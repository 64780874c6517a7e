import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError } from '../config/config-error';
import type { PlatformRuntime } from './platform-runtime';

/** Runs a process entry point; a configuration error prints its message and exits 1 without a stack. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error('fatal:', error);
    process.exit(1);
  });
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: readiness turns false first (load balancers stop routing), the
 * HTTP server drains, modules close their databases and timers, then the bus drains and logs flush.
 */
export function installShutdown(app: NestFastifyApplication, runtime: PlatformRuntime, after?: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= (async () => {
      runtime.health.markShuttingDown();
      try {
        await app.close();
        await runtime.bus.close();
        if (after) await after();
      } catch (error) {
        runtime.logger.error({ err: error }, 'error during shutdown');
      }
      runtime.logger.flush();
    })();
    return closing;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown().then(() => process.exit(0)));
  }
  return shutdown;
}
