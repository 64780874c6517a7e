import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { SessionAdminRepository } from './session-admin.repository';

const INTERVAL_MS = 10_000;

/** Moves ACTIVE sessions past their expiry to EXPIRED (with an `issuance_status_changed` event). */
@Injectable()
export class SessionExpirySweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      return await this.sessions.expireDue();
    } catch (error) {
      this.logger.warn({ err: error }, 'session expiry sweep failed');
      return 0;
    }
  }
}
