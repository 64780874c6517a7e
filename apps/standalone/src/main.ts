import 'reflect-metadata';
import { loadIssuerApiCorsRules, loadTrustedProxies, setupOpenApi } from '@issuer/app-issuer-api';
import { createHttpApp, createLogger, createRuntime, installShutdown, runMain } from '@issuer/platform';
import { newAdminKey, newMasterKey, newPassword, persistentSecret, prepareDataDir } from './data-dir';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';
import { StandaloneModule } from './standalone.module';

/**
 * `npm start`: the whole platform in one process. Secrets and the embedded database live in DATA_DIR;
 * any variable already set in the environment wins (e.g. DATABASE_URL for an external PostgreSQL).
 */
runMain(async () => {
  // Checked before the embedded database starts: a bad value stops the process at once.
  const cors = loadIssuerApiCorsRules();
  const trustedProxies = loadTrustedProxies();
  const dataDir = await prepareDataDir();
  const generatedKey = !process.env.ADMIN_API_KEYS;
  process.env.ADMIN_API_KEYS ??= await persistentSecret(dataDir, 'admin-api-key', newAdminKey);
  process.env.KMS_MASTER_KEY ??= await persistentSecret(dataDir, 'kms-master-key', newMasterKey);
  process.env.SECRETS_ENCRYPTION_KEY ??= await persistentSecret(dataDir, 'secrets-encryption-key', newMasterKey);
  process.env.PORT ??= '3000';

  let database: EmbeddedDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    database = await startEmbeddedDatabase(
      dataDir,
      await persistentSecret(dataDir, 'pg-password', newPassword),
      createLogger('embedded-postgres'),
    );
    process.env.DATABASE_URL = database.url;
  }
  try {
    const runtime = await createRuntime('standalone', { requireNats: false });
    const app = await createHttpApp(StandaloneModule.forRoot(runtime), runtime, { cors, trustedProxies });
    setupOpenApi(app, runtime.config.publicUrl);
    // embedded-postgres registers its own SIGTERM/SIGINT handlers (async-exit-hook) that stop the database at
    // once and exit with 143, racing the graceful shutdown below: the database must stop last, and only once.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.removeAllListeners(signal);
    installShutdown(app, runtime, async () => database?.stop());
    await app.listen({ port: runtime.config.port, host: process.env.HOST ?? '0.0.0.0' });
    const adminKey = process.env.ADMIN_API_KEYS.split(',')[0];
    process.stdout.write(
      [
        '',
        `  Issuer platform (standalone) listening on ${runtime.config.publicUrl}`,
        `  Admin API key: ${generatedKey ? adminKey : '(from ADMIN_API_KEYS)'}${generatedKey ? `   (stored in ${dataDir}/admin-api-key)` : ''}`,
        `  Console: ${runtime.config.publicUrl}/console   API docs: ${runtime.config.publicUrl}/api/docs   data: ${dataDir}`,
        '',
      ].join('\n') + '\n',
    );
  } catch (error) {
    await database?.stop();
    throw error;
  }
});
