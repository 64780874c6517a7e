import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { PeriodicSweeper } from '../common/periodic-sweeper';
import { RateLimitStore } from './rate-limit.store';

const INTERVAL_MS = 60_000;

/** Deletes ended rate limit windows, so the table holds only the clients of the last minutes. Every replica sweeps; it is idempotent. */
@Injectable()
export class RateLimitSweeper extends PeriodicSweeper {
  constructor(
    @Inject(RateLimitStore) private readonly store: RateLimitStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(INTERVAL_MS);
  }

  async sweep(): Promise<void> {
    try {
      await this.store.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit sweep failed');
    }
  }
}
