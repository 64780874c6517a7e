import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { healthPingContract } from '@issuer/contracts';
import { BUS, PLATFORM_RUNTIME, serviceDatabaseProvider, type Bus, type PlatformRuntime } from '@issuer/platform';

export const STATUS_LIST_SERVICE_NAME = 'status-list';
const DB = Symbol('status_list_db');

/**
 * The status-list service. It owns no data yet (its features arrive with later issues); it already has its
 * schema and database connection, joins the bus in its queue group and reports health.
 */
@Module({ providers: [serviceDatabaseProvider(DB, { schema: 'status_list', entities: [], migrations: [] })] })
export class StatusListModule implements OnModuleInit {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(DB) readonly db: unknown,
  ) {}

  onModuleInit(): void {
    const name = STATUS_LIST_SERVICE_NAME;
    this.bus.serve(healthPingContract(name), async () => ({ service: name, instanceId: this.runtime.instanceId }), name);
  }
}
