import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { PeriodicSweeper } from '../common/periodic-sweeper';
import { SessionAdminRepository } from './session-admin.repository';

const INTERVAL_MS = 10_000;

/** Moves ACTIVE sessions past their expiry to EXPIRED (with an `issuance_status_changed` event). */
@Injectable()
export class SessionExpirySweeper extends PeriodicSweeper {
  constructor(
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(INTERVAL_MS);
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
