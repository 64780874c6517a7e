import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@issuer/platform';
import { PeriodicSweeper } from '../common/periodic-sweeper';
import { SessionExpiryRepository } from './session-expiry.repository';

const INTERVAL_MS = 10_000;
/** Full batches taken in one tick before the next tick goes on (a backlog after downtime drains over a few ticks). */
const MAX_BATCHES_PER_TICK = 20;

/** Moves ACTIVE sessions past their expiry to EXPIRED (with an `issuance_status_changed` event), then clears leftovers. */
@Injectable()
export class SessionExpirySweeper extends PeriodicSweeper {
  constructor(
    @Inject(SessionExpiryRepository) private readonly sessions: SessionExpiryRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(INTERVAL_MS);
  }

  async sweep(batchSize = 2000): Promise<number> {
    try {
      let expired = 0;
      for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
        const result = await this.sessions.expireDue(batchSize);
        expired += result.expired;
        if (result.scanned < batchSize) break;
      }
      await this.sessions.deleteLeftovers();
      return expired;
    } catch (error) {
      this.logger.warn({ err: error }, 'session expiry sweep failed');
      return 0;
    }
  }
}
