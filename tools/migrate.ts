import 'reflect-metadata';
import { DATA_RETENTION_MIGRATIONS } from '../apps/data-retention/src/database/data-retention-migrations';
import { DID_REGISTRY_MIGRATIONS } from '../apps/did-registry/src/database/did-registry-migrations';
import { ISSUER_API_MIGRATIONS } from '../apps/issuer-api/src/database/issuer-api-migrations';
import { KMS_MIGRATIONS } from '../apps/kms/src/database/kms-migrations';
import { NOTIFICATIONS_MIGRATIONS } from '../apps/notifications/src/database/notifications-migrations';
import { STATUS_LIST_MIGRATIONS } from '../apps/status-list/src/database/status-list-migrations';
import { ConfigError, createLogger, loadPlatformConfig, runMain, ServiceDatabase } from '@issuer/platform';

/**
 * `npm run migrate [-- --revert]`: applies (or reverts, newest first) every service's migrations in its
 * own schema against DATABASE_URL. This is what a Kubernetes migration Job runs before pods start with
 * MIGRATE_ON_START=false.
 */
const SERVICES = [
  { schema: 'kms', migrations: KMS_MIGRATIONS },
  { schema: 'issuer_api', migrations: ISSUER_API_MIGRATIONS },
  { schema: 'did_registry', migrations: DID_REGISTRY_MIGRATIONS },
  { schema: 'status_list', migrations: STATUS_LIST_MIGRATIONS },
  { schema: 'notifications', migrations: NOTIFICATIONS_MIGRATIONS },
  { schema: 'data_retention', migrations: DATA_RETENTION_MIGRATIONS },
];

runMain(async () => {
  if (!process.env.DATABASE_URL) throw new ConfigError([{ variable: 'DATABASE_URL', message: 'is required' }]);
  const config = loadPlatformConfig();
  const logger = createLogger('migrate', config.logLevel);
  const revert = process.argv.includes('--revert');
  for (const service of revert ? [...SERVICES].reverse() : SERVICES) {
    const db = await ServiceDatabase.open(
      {
        url: config.databaseUrl,
        schema: service.schema,
        entities: [],
        migrations: service.migrations,
        poolSize: 2,
        applicationName: 'migrate',
      },
      logger,
      false,
    );
    try {
      if (revert) {
        for (let i = 0; i < service.migrations.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
      } else {
        await db.migrate(logger);
      }
      console.log(`${service.schema}: ${revert ? 'reverted' : 'up to date'}`);
    } finally {
      await db.close();
    }
  }
  logger.flush();
});
