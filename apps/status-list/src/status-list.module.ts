import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  healthPingContract,
  StatusEntriesAllocate,
  StatusEntriesRelease,
  StatusEntriesUpdate,
  StatusListGet,
  StatusSigners,
} from '@issuer/contracts';
import { BUS, PLATFORM_RUNTIME, serviceDatabaseProvider, type Bus, type PlatformRuntime, type ServiceDatabase } from '@issuer/platform';
import { EntryAllocator } from './entries/entry-allocator';
import { StatusUpdater } from './entries/status-updater';
import { StatusSignersQuery } from './lists/status-signers.query';
import { StatusListPublisher } from './publishing/status-list.publisher';
import { StatusListReader } from './publishing/status-list.reader';
import { loadStatusListConfig, type StatusListConfig } from './status-list.config';
import { STATUS_LIST_MIGRATIONS } from './database/status-list-migrations';

export const STATUS_LIST_SERVICE_NAME = 'status-list';
const DB = Symbol('status_list_db');
const CONFIG = Symbol('status_list_config');

/**
 * The status-list service: allocates status entries for issued credentials, changes their status and
 * publishes the signed lists (Token Status List, Bitstring Status List, StatusList2021), signed through kms.
 */
@Module({
  providers: [
    // First, so a bad STATUS_LIST_* variable stops the boot before the database is touched.
    { provide: CONFIG, useFactory: () => loadStatusListConfig() },
    serviceDatabaseProvider(DB, { schema: 'status_list', entities: [], migrations: STATUS_LIST_MIGRATIONS }),
    {
      provide: StatusListPublisher,
      inject: [CONFIG, DB, PLATFORM_RUNTIME],
      useFactory: (config: StatusListConfig, db: ServiceDatabase, runtime: PlatformRuntime) =>
        new StatusListPublisher(db, runtime.bus, config, runtime.logger),
    },
    {
      provide: StatusListReader,
      inject: [CONFIG, DB, StatusListPublisher],
      useFactory: (config: StatusListConfig, db: ServiceDatabase, publisher: StatusListPublisher) =>
        new StatusListReader(db, publisher, config),
    },
    {
      provide: EntryAllocator,
      inject: [CONFIG, DB, PLATFORM_RUNTIME],
      useFactory: (config: StatusListConfig, db: ServiceDatabase, runtime: PlatformRuntime) =>
        new EntryAllocator(db, { listSize: config.listSize, publicUrl: runtime.config.publicUrl }),
    },
    {
      provide: StatusUpdater,
      inject: [DB, StatusListPublisher],
      useFactory: (db: ServiceDatabase, publisher: StatusListPublisher) =>
        new StatusUpdater(db, (listIds) => listIds.forEach((listId) => publisher.schedule(listId))),
    },
    { provide: StatusSignersQuery, inject: [DB], useFactory: (db: ServiceDatabase) => new StatusSignersQuery(db) },
  ],
})
export class StatusListModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(EntryAllocator) private readonly allocator: EntryAllocator,
    @Inject(StatusUpdater) private readonly updater: StatusUpdater,
    @Inject(StatusListPublisher) private readonly publisher: StatusListPublisher,
    @Inject(StatusListReader) private readonly reader: StatusListReader,
    @Inject(StatusSignersQuery) private readonly signers: StatusSignersQuery,
  ) {}

  onModuleInit(): void {
    const q = STATUS_LIST_SERVICE_NAME;
    this.bus.serve(StatusEntriesAllocate, (r) => this.allocator.allocate(r), q);
    this.bus.serve(StatusEntriesRelease, (r) => this.updater.release(r.issuerId, r.credentialIds), q);
    this.bus.serve(StatusEntriesUpdate, (r) => this.updater.update(r), q);
    this.bus.serve(StatusListGet, (r) => this.reader.get(r.listId, r.format), q);
    this.bus.serve(StatusSigners, (r) => this.signers.find(r), q);
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
    this.publisher.start();
  }

  onApplicationShutdown(): void {
    this.publisher.stop();
  }
}
