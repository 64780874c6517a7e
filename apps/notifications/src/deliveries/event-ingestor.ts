import type { PoolClient } from 'pg';
import {
  ISSUER_EVENTS_STREAM,
  ISSUER_EVENTS_SUBJECT_ROOT,
  SessionWebhookTarget,
  type IssuerEvent,
  type SessionRef,
} from '@issuer/contracts';
import { TtlCache, type Bus, type DurableConsumer, type DurableMessage, type Logger, type ServiceDatabase } from '@issuer/platform';
import type { DeliveryRepository, Exec, NewDelivery } from './delivery.repository';

const BATCH = 256;
const LEADER_RETRY_MS = 5000;
const LOCK = 'notifications:ingest';
/**
 * A session's webhook URL never changes (it comes from the snapshot taken when its offer was made), so each session
 * is asked for once rather than once per batch that carries one of its events. Bounded; an evicted or expired entry
 * is only asked again. The signing secrets, which do change, are fetched at delivery time, not here.
 */
const URL_CACHE_TTL_MS = 60 * 60 * 1000;
const URL_CACHE_ENTRIES = 50_000;

/**
 * Turns ISSUER_EVENTS into deliveries. Over NATS one replica at a time ingests (a PostgreSQL advisory
 * lock held on the connection that also writes the rows, so losing the connection loses the lock and
 * the writes together): its inserts then follow stream order, which is the per-session delivery order.
 * Other replicas wait to take over, and send deliveries all the same. In-process there is one process.
 */
export class EventIngestor {
  private consumer?: DurableConsumer;
  private client?: PoolClient;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  /** `issuerId NUL sessionId` → the session's webhook URL, or null when it has none. */
  private readonly urls = new TtlCache<string, string | null>(URL_CACHE_TTL_MS, URL_CACHE_ENTRIES);

  constructor(
    private readonly bus: Bus,
    private readonly db: ServiceDatabase,
    private readonly repository: DeliveryRepository,
    private readonly consumerName: string,
    private readonly onIngested: () => void,
    private readonly logger: Logger,
  ) {}

  /** In-process: registers at once (before the outbox relay starts). Over NATS: competes for the lock. */
  start(): void {
    if (this.bus.kind === 'in-process') {
      void this.consume((sql, params) => this.db.sql(sql, params));
      return;
    }
    void this.lead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.consumer?.stop();
    this.releaseClient();
  }

  private async lead(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await this.db.pool.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]);
      if (this.stopped) {
        // stop() came while we were connecting: nothing else will release this client.
        if (rows[0].locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
        client.release();
        return;
      }
      if (!rows[0].locked) {
        client.release();
      } else {
        this.client = client;
        // Another replica led meanwhile and may have seen sessions purged: what this one cached before is not trusted.
        this.urls.clear();
        client.on('error', (error) => {
          this.logger.warn({ err: error }, 'event ingestion lost its database connection; stepping down');
          void this.stepDown();
        });
        await this.consume((sql, params) => client.query(sql, params));
        return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'event ingestion could not compete for leadership');
    }
    if (!this.stopped) this.retry = setTimeout(() => void this.lead(), LEADER_RETRY_MS);
  }

  private async stepDown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
    this.releaseClient(true);
    if (!this.stopped) this.retry = setTimeout(() => void this.lead(), LEADER_RETRY_MS);
  }

  private releaseClient(broken = false): void {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (broken) client.release(true);
    else void client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).finally(() => client.release());
  }

  private async consume(exec: Exec): Promise<void> {
    const consumer = await this.bus.consumeDurable(
      { stream: ISSUER_EVENTS_STREAM, durable: this.consumerName, filterSubject: `${ISSUER_EVENTS_SUBJECT_ROOT}.>`, batchSize: BATCH },
      (messages) => this.ingest(exec, messages),
    );
    this.consumer = consumer;
    // stop() may have come while the consumer was being created: stop it and let go of the lock too.
    if (this.stopped) {
      this.consumer = undefined;
      await consumer.stop();
      this.releaseClient();
    }
  }

  /** One batch: the webhook URLs of its sessions (those not cached in one request), the deliveries in one INSERT. */
  private async ingest(exec: Exec, messages: DurableMessage[]): Promise<void> {
    const events = messages.map((m) => m.payload as IssuerEvent).filter((e) => e && typeof e.id === 'string' && e.sessionId);
    if (!events.length) return;
    const purged = events.filter((e) => e.event === 'session_purged').map((e) => ({ issuerId: e.issuerId, sessionId: e.sessionId! }));
    const urls = await this.webhookUrls(events, purged);
    const rows: NewDelivery[] = [];
    for (const event of events) {
      const url = urls.get(sessionKey(event));
      if (url)
        rows.push({ eventId: event.id, issuerId: event.issuerId, sessionId: event.sessionId!, event: event.event, url, payload: event });
    }
    const inserted = await this.repository.insert(exec, rows);
    await this.repository.forgetSessions(exec, purged);
    if (inserted > 0) this.onIngested();
  }

  /**
   * The webhook URL (or null) of each session of `events`: cached ones from memory, the others from issuer-api in one
   * request. A batch with a session's `session_purged` asks again, as before the cache: the row is gone, so none of
   * that batch's events of the session are delivered.
   */
  private async webhookUrls(events: IssuerEvent[], purged: SessionRef[]): Promise<Map<string, string | null>> {
    for (const session of purged) this.urls.delete(sessionKey(session));
    const urls = new Map<string, string | null>();
    const unknown: IssuerEvent[] = [];
    for (const event of events) {
      const key = sessionKey(event);
      if (urls.has(key)) continue;
      const cached = this.urls.get(key);
      urls.set(key, cached ?? null);
      if (cached === undefined) unknown.push(event);
    }
    if (!unknown.length) return urls;
    const { targets } = await this.bus.request(SessionWebhookTarget, {
      sessions: unknown.map((e) => ({ issuerId: e.issuerId, sessionId: e.sessionId! })),
    });
    unknown.forEach((event, i) => {
      const url = targets[i]?.url ?? null;
      urls.set(sessionKey(event), url);
      this.urls.set(sessionKey(event), url);
    });
    return urls;
  }
}

const sessionKey = (session: { issuerId: string; sessionId?: string }) => `${session.issuerId}\u0000${session.sessionId}`;
