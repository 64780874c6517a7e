import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  healthPingContract,
  NotificationsDeliveriesCounts,
  NotificationsDeliveriesList,
  NotificationsDeliveriesPending,
  NotificationsDeliveriesPurge,
  NotificationsDeliveryRedeliver,
  BusError,
} from '@issuer/contracts';
import {
  BUS,
  LOGGER,
  OutboundGuard,
  PLATFORM_RUNTIME,
  serviceDatabaseProvider,
  type Bus,
  type Logger,
  type PlatformRuntime,
  type ServiceDatabase,
} from '@issuer/platform';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { DeliveryWorker } from './deliveries/delivery-worker';
import { EventIngestor } from './deliveries/event-ingestor';
import { WebhookSender } from './deliveries/webhook-sender';
import { loadNotificationsConfig, type NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_MIGRATIONS } from './database/notifications-migrations';

export const NOTIFICATIONS_SERVICE_NAME = 'notifications';
const DB = Symbol('notifications_db');
const CONFIG = Symbol('notifications_config');

/**
 * The notifications service: durable webhooks. It consumes ISSUER_EVENTS (one durable consumer shared by
 * its replicas), keeps a delivery per event of every session that has a webhook, sends them in order per
 * session with retries, and serves the delivery log, redelivery and the retention purge over the bus.
 */
@Module({
  providers: [
    // First, so a bad variable stops the boot before the database is touched.
    { provide: CONFIG, useFactory: () => loadNotificationsConfig() },
    serviceDatabaseProvider(DB, { schema: 'notifications', entities: [], migrations: NOTIFICATIONS_MIGRATIONS }),
  ],
})
export class NotificationsModule implements OnModuleInit, OnModuleDestroy {
  private readonly repository: DeliveryRepository;
  private readonly worker: DeliveryWorker;
  private readonly ingestor: EventIngestor;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(DB) db: ServiceDatabase,
    @Inject(CONFIG) config: NotificationsConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.repository = new DeliveryRepository(db);
    const sender = new WebhookSender(new OutboundGuard(config.outboundAllowList), config.timeoutMs);
    this.worker = new DeliveryWorker(this.repository, bus, sender, config, logger);
    this.ingestor = new EventIngestor(bus, db, this.repository, config.consumerName, () => this.worker.kick(), logger);
  }

  onModuleInit(): void {
    const q = NOTIFICATIONS_SERVICE_NAME;
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
    this.bus.serve(NotificationsDeliveriesList, async (ref) => ({ items: await this.repository.list(ref) }), q);
    this.bus.serve(
      NotificationsDeliveryRedeliver,
      async ({ eventId, ...ref }) => {
        if (!(await this.repository.redeliver(ref, eventId))) throw new BusError('NOT_FOUND', `delivery of event ${eventId} not found`);
        this.worker.kick();
        return { accepted: true as const };
      },
      q,
    );
    this.bus.serve(NotificationsDeliveriesPending, (r) => this.repository.pendingSessions(r.limit), q);
    this.bus.serve(NotificationsDeliveriesCounts, (r) => this.repository.counts(r.issuerIds, r.since), q);
    this.bus.serve(NotificationsDeliveriesPurge, async (r) => ({ deleted: await this.repository.purge(r.sessions, r.createdBefore) }), q);
    this.ingestor.start();
    this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ingestor.stop();
    await this.worker.stop();
  }
}
