import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRuntime, type PlatformRuntime } from './platform-runtime';
import { PlatformModule } from './platform.module';

/**
 * Boots one service the way startService does (config from the environment, with `env` applied only for
 * the boot; NATS bus; PlatformModule + the service module) as a Nest application context without HTTP,
 * for integration specs that need several instances of a service in one process.
 */
export async function bootServiceContext(
  name: string,
  serviceModule: Type | DynamicModule,
  env: NodeJS.ProcessEnv,
): Promise<{ app: INestApplicationContext; runtime: PlatformRuntime }> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', PUBLIC_URL: '', PORT: '', ...env });
  let runtime: PlatformRuntime | undefined;
  try {
    runtime = await createRuntime(name, { requireNats: true });
    class ServiceTestRootModule {}
    const root: DynamicModule = { module: ServiceTestRootModule, imports: [PlatformModule.forRoot(runtime), serviceModule] };
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
