import 'reflect-metadata';
import { CreateIssuerApi1764360100000 } from '../apps/issuer-api/src/database/migrations/1764360100000-create-issuer-api';
import { TuneEventsAutovacuum1764360200000 } from '../apps/issuer-api/src/database/migrations/1764360200000-tune-events-autovacuum';
import { CreateKeys1764360000000 } from '../apps/kms/src/database/migrations/1764360000000-create-keys';
import { KeyLifecycle1764360400000 } from '../apps/kms/src/database/migrations/1764360400000-key-lifecycle';
import { CreateCertificates1764360800000 } from '../apps/kms/src/database/migrations/1764360800000-create-certificates';
import { CreateDids1764360300000 } from '../apps/did-registry/src/database/migrations/1764360300000-create-dids';
import { ConfigError, createLogger, loadPlatformConfig, runMain, ServiceDatabase } from '@issuer/platform';

/**
 * `npm run migrate [-- --revert]`: applies (or reverts, newest first) every service's migrations in its
 * own schema against DATABASE_URL. This is what a Kubernetes migration Job runs before pods start with
 * MIGRATE_ON_START=false.
 */
const SERVICES = [
  { schema: 'kms', migrations: [CreateKeys1764360000000, KeyLifecycle1764360400000, CreateCertificates1764360800000] },
  { schema: 'issuer_api', migrations: [CreateIssuerApi1764360100000, TuneEventsAutovacuum1764360200000] },
  { schema: 'did_registry', migrations: [CreateDids1764360300000] },
  { schema: 'status_list', migrations: [] },
  { schema: 'notifications', migrations: [] },
  { schema: 'data_retention', migrations: [] },
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
