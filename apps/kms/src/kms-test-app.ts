import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRuntime, PlatformModule, type PlatformRuntime } from '@issuer/platform';
import { KmsModule } from './kms.module';

/**
 * Test helper (integration specs only): boots kms the way startService does — config from the
 * environment (`env` applied only for the boot), NATS bus, PlatformModule + KmsModule — as a Nest
 * application context without HTTP.
 */
export async function bootKms(env: NodeJS.ProcessEnv): Promise<{ app: INestApplicationContext; runtime: PlatformRuntime }> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', PUBLIC_URL: '', PORT: '', ...env });
  let runtime: PlatformRuntime | undefined;
  try {
    runtime = await createRuntime('kms', { requireNats: true });
    class KmsTestRootModule {}
    const root: DynamicModule = { module: KmsTestRootModule, imports: [PlatformModule.forRoot(runtime), KmsModule] };
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
