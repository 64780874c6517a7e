import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRuntime, PlatformModule, type PlatformRuntime } from '@issuer/platform';
import { StatusListModule } from './status-list.module';

/**
 * Test helper (integration specs only): boots one status-list instance the way startService does —
 * config from the environment (`env` applied only for the boot), NATS bus — as a Nest context without HTTP.
 */
export async function bootStatusList(env: NodeJS.ProcessEnv): Promise<{ app: INestApplicationContext; runtime: PlatformRuntime }> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', PORT: '', ...env });
  let runtime: PlatformRuntime | undefined;
  try {
    runtime = await createRuntime('status-list', { requireNats: true });
    class StatusListTestRootModule {}
    const root: DynamicModule = { module: StatusListTestRootModule, imports: [PlatformModule.forRoot(runtime), StatusListModule] };
    const app = await NestFactory.createApplicationContext(root, { logger: false, abortOnError: false });
    return { app, runtime };
  } catch (error) {
    await runtime?.bus.close().catch(() => undefined);
    throw error;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
