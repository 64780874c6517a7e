import 'reflect-metadata';
import { createHttpApp, createRuntime, installShutdown, PlatformModule, runMain } from '@issuer/platform';
import { loadIssuerApiCorsRules } from './common/cors-rules';
import { loadTrustedProxies } from './issuer-api.config';
import { IssuerApiModule, ISSUER_API_SERVICE_NAME } from './issuer-api.module';
import { setupOpenApi } from './openapi/setup-openapi';

/** issuer-api as its own process: the public HTTP edge of the distributed mode. */
runMain(async () => {
  const cors = loadIssuerApiCorsRules();
  const trustedProxies = loadTrustedProxies();
  const runtime = await createRuntime(ISSUER_API_SERVICE_NAME, { requireNats: true });
  class IssuerApiRootModule {}
  const app = await createHttpApp({ module: IssuerApiRootModule, imports: [PlatformModule.forRoot(runtime), IssuerApiModule] }, runtime, {
    cors,
    trustedProxies,
  });
  setupOpenApi(app, runtime.config.publicUrl);
  installShutdown(app, runtime);
  await app.listen({ port: runtime.config.port, host: '0.0.0.0' });
  runtime.logger.info({ url: runtime.config.publicUrl, instanceId: runtime.instanceId }, 'issuer-api started');
});
