import type { DynamicModule, Type } from '@nestjs/common';
import { createHttpApp } from './create-http-app';
import { PlatformModule } from './platform.module';
import { createRuntime } from './platform-runtime';
import { installShutdown, runMain } from './run-process';

/**
 * Entry point of a distributed service process: validated config, NATS bus, the service module plus
 * the platform routes (/health/*, /metrics) on PORT, graceful shutdown.
 */
export function startService(name: string, serviceModule: Type | DynamicModule): void {
  runMain(async () => {
    const runtime = await createRuntime(name, { requireNats: true });
    class ServiceRootModule {}
    const root: DynamicModule = { module: ServiceRootModule, imports: [PlatformModule.forRoot(runtime), serviceModule] };
    const app = await createHttpApp(root, runtime);
    installShutdown(app, runtime);
    await app.listen({ port: runtime.config.port, host: '0.0.0.0' });
    runtime.logger.info({ port: runtime.config.port, instanceId: runtime.instanceId }, `${name} started`);
  });
}
