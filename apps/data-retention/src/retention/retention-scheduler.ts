import type { Logger } from '@issuer/platform';
import { BusError, type RetentionConfig } from '@issuer/contracts';
import { CronSchedule } from './cron-schedule';
import type { RetentionRepository } from './retention.repository';
import type { RetentionRunner } from './retention-runner';

const TICK_MS = 20_000;
/** A slot missed by less than this (a restart, a long previous run) still runs. */
const CATCH_UP_MS = 5 * 60_000;

/**
 * Fires the configured cron schedule on every replica; the runs table keeps one run per slot and the
 * runner's lock keeps runs apart, so replicas never run twice or concurrently. The configuration is read
 * at every tick, so a PUT takes effect without a restart.
 */
export class RetentionScheduler {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly repository: RetentionRepository,
    private readonly runner: RetentionRunner,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Runs the latest due slot of the schedule if it is recent and was not run yet. */
  async tick(now = new Date()): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const config = await this.repository.config();
      const slot = dueSlot(config, now);
      if (slot) await this.runner.run(config, { trigger: 'schedule', scheduledFor: slot });
    } catch (error) {
      if (!(error instanceof BusError && error.code === 'CONFLICT')) this.logger.warn({ err: error }, 'scheduled retention run failed');
    } finally {
      this.busy = false;
    }
  }
}

/** The slot to run at `now`: the latest firing in (now − CATCH_UP_MS, now], if any. */
export function dueSlot(config: RetentionConfig, now: Date): Date | undefined {
  if (!config.enabled) return undefined;
  const schedule = CronSchedule.parse(config.schedule, config.timezone);
  let due: Date | undefined;
  for (let slot = schedule.next(new Date(now.getTime() - CATCH_UP_MS)); slot && slot <= now; slot = schedule.next(slot)) due = slot;
  return due;
}
