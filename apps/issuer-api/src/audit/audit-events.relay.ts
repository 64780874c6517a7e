import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { BUS, LOGGER, OutboxRelay, type Bus, type Logger, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { AUDIT_OUTBOX_TABLE } from './audit-sql';

/**
 * Carries audit records from issuer_api.audit_outbox to the JetStream stream AUDIT_EVENTS (in standalone: the
 * in-process bus), in order, surviving NATS outages like the issuer events' relay. Its own relay and advisory lock,
 * so a backlog of one never delays the other.
 */
@Injectable()
export class AuditEventsRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(@Inject(ISSUER_API_DB) db: ServiceDatabase, @Inject(BUS) bus: Bus, @Inject(LOGGER) logger: Logger) {
    this.relay = new OutboxRelay(db, AUDIT_OUTBOX_TABLE, bus, logger);
  }

  /** At bootstrap, like the issuer events' relay: once every durable consumer of the in-process bus is registered. */
  onApplicationBootstrap(): void {
    this.relay.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.relay.stop();
  }

  /** After a record committed: publish within milliseconds instead of at the next poll. */
  kick(): void {
    this.relay.kick();
  }
}
