import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { RateLimitStore } from './rate-limit.store';

const INTERVAL_MS = 60_000;

/** Deletes ended rate limit windows, so the table holds only the clients of the last minutes. Every replica sweeps; it is idempotent. */
@Injectable()
export class RateLimitSweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(RateLimitStore) private readonly store: RateLimitStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      await this.store.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit sweep failed');
    }
  }
}
