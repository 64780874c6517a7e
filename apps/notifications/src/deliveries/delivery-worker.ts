import { SessionWebhookTarget, type WebhookTarget } from '@issuer/contracts';
import type { Bus, Logger } from '@issuer/platform';
import type { RetryPolicy } from './retry-schedule';
import { afterFailure } from './retry-schedule';
import type { ClaimedDelivery, DeliveryRepository } from './delivery.repository';
import type { SendResult, WebhookSender } from './webhook-sender';

const TICK_MS = 500;

/**
 * Sends due deliveries on every replica: claims the heads of sessions (leased, so replicas share the work
 * without sending one twice), looks up the targets (bearer tokens stay in issuer-api until the send),
 * POSTs them with bounded concurrency and records each attempt with the next retry time or DEAD.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly repository: DeliveryRepository,
    private readonly bus: Bus,
    private readonly sender: WebhookSender,
    private readonly options: { retry: RetryPolicy; timeoutMs: number; concurrency: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a pass now (new deliveries were ingested), or right after the current one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook delivery pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    for (;;) {
      const claimed = await this.repository.claimDue(this.options.concurrency * 4, this.options.timeoutMs + 30_000);
      if (!claimed.length) return;
      let targets: (WebhookTarget | null)[];
      try {
        ({ targets } = await this.bus.request(SessionWebhookTarget, {
          sessions: claimed.map((d) => ({ issuerId: d.issuerId, sessionId: d.sessionId })),
        }));
      } catch (error) {
        await this.repository.release(claimed.map((d) => d.seq));
        throw error;
      }
      let next = 0;
      const worker = async () => {
        while (next < claimed.length && !this.stopped) {
          const index = next++;
          await this.attempt(claimed[index], targets[index]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, worker));
      if (this.stopped) return;
    }
  }

  private async attempt(delivery: ClaimedDelivery, target: WebhookTarget | null): Promise<void> {
    if (!target) {
      // The session was purged or never had a webhook (configuration changed): nothing to retry.
      await this.repository.recordAttempt(delivery.seq, {
        status: 'DEAD',
        statusCode: null,
        error: 'the session no longer exists or has no webhook',
        nextAttemptAt: null,
      });
      return;
    }
    let result: SendResult;
    try {
      result = await this.sender.send(target, delivery.eventId, JSON.stringify(delivery.payload));
    } catch (error) {
      // Recorded as a failed attempt: an exception must not abort the pass and leave this delivery (and every
      // later event of its session) PENDING for ever, unattempted.
      result = {
        ok: false,
        statusCode: null,
        error: `the request could not be made: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (result.ok) {
      await this.repository.recordAttempt(delivery.seq, {
        status: 'DELIVERED',
        statusCode: result.statusCode,
        error: null,
        nextAttemptAt: null,
      });
      return;
    }
    const next = afterFailure(this.options.retry, delivery.attempts + 1, delivery.firstAttemptAt, new Date());
    await this.repository.recordAttempt(delivery.seq, {
      status: next.status,
      statusCode: result.statusCode,
      error: result.error,
      nextAttemptAt: next.status === 'PENDING' ? next.nextAttemptAt : null,
    });
  }
}
