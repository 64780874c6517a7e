import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { AUDIT_CONFIG, type AuditConfig } from './audit.config';
import { AuditRepository } from './audit.repository';

const INTERVAL_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** Published outbox rows are copies of records already on AUDIT_EVENTS; kept this long for a look at recent relaying. */
const PUBLISHED_KEPT_MS = 60 * 60_000;

/**
 * Purges audit records older than AUDIT_RETENTION_DAYS, once at start and then hourly, on every replica (the purge is
 * idempotent and skips rows another replica is deleting). Its own setting and its own job rather than a step of the
 * data-retention runs (API.md §9): those purge sessions, are off unless configured, and their config is about sessions;
 * the audit log must neither outlive its retention because session retention is off nor go with the sessions.
 */
@Injectable()
export class AuditRetentionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(AuditRepository) private readonly repository: AuditRepository,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), INTERVAL_MS);
    this.timer.unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes every expired record, batch by batch; a sweep already running is joined, not doubled. */
  sweep(now = new Date()): Promise<void> {
    this.running ??= this.purge(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async purge(now: Date): Promise<void> {
    try {
      const before = new Date(now.getTime() - this.config.retentionDays * DAY_MS);
      let deleted = 0;
      let batch: number;
      do {
        batch = await this.repository.purgeBatch(before);
        deleted += batch;
      } while (AuditRepository.isFullBatch(batch));
      await this.repository.purgePublished(new Date(now.getTime() - PUBLISHED_KEPT_MS));
      if (deleted) this.logger.info({ deleted, before: before.toISOString() }, 'audit records past AUDIT_RETENTION_DAYS purged');
    } catch (error) {
      this.logger.warn({ err: error }, 'audit retention purge failed; retried at the next run');
    }
  }
}
