import { SessionWebhookTarget, type WebhookTarget } from '@issuer/contracts';
import type { Bus, Logger } from '@issuer/platform';
import type { RetryPolicy } from './retry-schedule';
import { afterFailure } from './retry-schedule';
import type { ClaimedDelivery, DeliveryRepository } from './delivery.repository';
import type { SendResult, WebhookSender } from './webhook-sender';

const TICK_MS = 500;
/**
 * A claimed delivery is leased for LEASE_MS and the lease is renewed every RENEW_MS while this process holds
 * it (waiting its turn or being sent, however long WEBHOOK_TIMEOUT is). A process that died (kill -9) stops
 * renewing, so its deliveries are claimable again — by a replica or by itself restarted — within seconds.
 */
export const LEASE_MS = 6_000;
const RENEW_MS = 2_000;

/**
 * Sends due deliveries on every replica: claims the heads of sessions (leased, so replicas share the work
 * without sending one twice), looks up the targets (bearer tokens stay in issuer-api until the send),
 * POSTs them with bounded concurrency and records each attempt with the next retry time or DEAD.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  /** Seqs of the deliveries this process leased and has not recorded or released yet. */
  private readonly held = new Set<string>();
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
    this.renewTimer = setInterval(() => void this.renew(), RENEW_MS);
    this.renewTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    clearInterval(this.renewTimer);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.repository.renewLeases([...this.held], LEASE_MS);
    } catch (error) {
      // The lease may run out meanwhile: another replica may then send the delivery too (at least once).
      this.logger.warn({ err: error, deliveries: this.held.size }, 'webhook delivery leases could not be renewed');
    }
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
      const claimed = await this.repository.claimDue(this.options.concurrency * 4, LEASE_MS);
      if (!claimed.length) return;
      for (const delivery of claimed) this.held.add(delivery.seq);
      try {
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
            this.held.delete(claimed[index].seq);
          }
        };
        await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, worker));
      } finally {
        // Unsent ones (stopping, or a failed pass) keep their lease until it runs out, then any replica takes them.
        for (const delivery of claimed) this.held.delete(delivery.seq);
      }
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
