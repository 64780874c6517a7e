import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { healthPingContract, RetentionConfigGet, RetentionConfigPut, RetentionRunsList, RetentionRunStart } from '@issuer/contracts';
import {
  BUS,
  LOGGER,
  PLATFORM_RUNTIME,
  serviceDatabaseProvider,
  type Bus,
  type Logger,
  type PlatformRuntime,
  type ServiceDatabase,
} from '@issuer/platform';
import { loadDataRetentionSettings, type DataRetentionSettings } from './data-retention.config';
import { checkRetentionConfig } from './retention/retention-config.validator';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionRunner } from './retention/retention-runner';
import { RetentionScheduler } from './retention/retention-scheduler';
import { DATA_RETENTION_MIGRATIONS } from './database/data-retention-migrations';

export const DATA_RETENTION_SERVICE_NAME = 'data-retention';
const DB = Symbol('data_retention_db');
const SETTINGS = Symbol('data_retention_settings');

/**
 * The data-retention service (API.md §9): the deployment's RetentionConfig, runs on a cron schedule or on
 * demand (exactly one at a time across replicas), and the run history. The data it purges lives in
 * issuer-api and notifications; it asks them over the bus.
 */
@Module({
  providers: [
    // First, so a bad variable stops the boot before the database is touched.
    { provide: SETTINGS, useFactory: () => loadDataRetentionSettings() },
    serviceDatabaseProvider(DB, { schema: 'data_retention', entities: [], migrations: DATA_RETENTION_MIGRATIONS }),
  ],
})
export class DataRetentionModule implements OnModuleInit, OnModuleDestroy {
  private readonly repository: RetentionRepository;
  private readonly runner: RetentionRunner;
  private readonly scheduler: RetentionScheduler;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(DB) db: ServiceDatabase,
    @Inject(LOGGER) logger: Logger,
    @Inject(SETTINGS) settings: DataRetentionSettings,
  ) {
    this.repository = new RetentionRepository(db);
    this.runner = new RetentionRunner(db, this.repository, bus, logger, settings);
    this.scheduler = new RetentionScheduler(this.repository, this.runner, logger);
  }

  onModuleInit(): void {
    const q = DATA_RETENTION_SERVICE_NAME;
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
    this.bus.serve(RetentionConfigGet, () => this.repository.config(), q);
    this.bus.serve(RetentionConfigPut, (config) => this.repository.saveConfig(checkRetentionConfig(config)), q);
    this.bus.serve(
      RetentionRunStart,
      async (request) => (await this.runner.run(await this.repository.config(), { dryRun: request.dryRun, trigger: 'manual' }))!,
      q,
    );
    this.bus.serve(RetentionRunsList, async (request) => ({ items: await this.repository.list(request.limit) }), q);
    this.scheduler.start();
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }
}
