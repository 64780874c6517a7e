import type { Provider } from '@nestjs/common';
import { ServiceDatabase, type ServiceDatabaseOptions } from '../database/service-database';
import { PLATFORM_RUNTIME, type PlatformRuntime } from './platform-runtime';

/**
 * Provides a service's database under `token`: opened at boot, migrated when MIGRATE_ON_START is true
 * (standalone and the local cluster; Kubernetes runs a migration Job instead), checked by /health/ready.
 */
export function serviceDatabaseProvider(
  token: symbol,
  options: Omit<ServiceDatabaseOptions, 'url' | 'poolSize' | 'applicationName' | 'preparedStatements'>,
): Provider {
  return {
    provide: token,
    inject: [PLATFORM_RUNTIME],
    useFactory: async (runtime: PlatformRuntime) => {
      const db = await ServiceDatabase.open(
        {
          ...options,
          url: runtime.config.databaseUrl,
          poolSize: runtime.config.dbPoolSize,
          preparedStatements: runtime.config.dbPreparedStatements,
          applicationName: `${runtime.name}:${options.schema}`,
        },
        runtime.logger,
        runtime.config.migrateOnStart,
      );
      runtime.health.register(`database:${options.schema}`, () => db.ping());
      return db;
    },
  };
}
