import { connect, ErrorCode, nanos, StorageType, type JetStreamClient, type NatsConnection, type NatsError } from 'nats';
import {
  AUDIT_EVENTS_STREAM,
  AUDIT_EVENTS_SUBJECT_ROOT,
  BusError,
  ISSUER_EVENTS_STREAM,
  ISSUER_EVENTS_SUBJECT_ROOT,
  KMS_EVENTS_STREAM,
  KMS_EVENTS_SUBJECT_ROOT,
  type BusContract,
  type BusReply,
} from '@issuer/contracts';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Bus,
  type BusHandler,
  type DurableConsumer,
  type DurableConsumerOptions,
  type DurableMessage,
  type Unsubscribe,
} from './bus';
import { startJetStreamConsumer } from './jetstream-consumer';
import { handleBusRequest, unwrapReply } from './handle-request';
import { NatsConnectionState } from './nats-connection-state';
import type { Logger } from '../observability/logger';

const EVENT_RETENTION_DAYS = 7;
/**
 * After a reconnect, the services' subscriptions come back one by one (each client reconnects on its own
 * schedule): for this long a "no responders" answer is retried within the request's deadline.
 */
const RESUBSCRIBE_GRACE_MS = 3000;
const RESUBSCRIBE_RETRY_MS = 100;

/**
 * The distributed bus: NATS request/reply with a queue group per service, JetStream for durable events.
 * Reconnects forever. A request rides out a short outage: made while NATS is away, it is sent once the
 * connection is back, and "no responders" right after a reconnect is retried, all within its deadline; one
 * that still cannot finish fails UNAVAILABLE (an outage: retry later), never TIMEOUT (a slow service). The
 * outbox keeps events meanwhile.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private js!: JetStreamClient;
  private readonly connection = new NatsConnectionState();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {
    this.js = nc.jetstream();
  }

  static async connect(servers: string, name: string, logger: Logger): Promise<NatsBus> {
    const nc = await connect({
      servers: servers.split(',').map((s) => s.trim()),
      name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      // Else the client captures two stack traces per request and per JetStream publish (for the message of a
      // timeout it may never raise): about 4 % of an issuer-api replica's CPU under load. A failed request is
      // rethrown as a BusError naming its subject, with the client's error as its cause.
      noAsyncTraces: true,
    });
    const bus = new NatsBus(nc, logger);
    void bus.watchStatus();
    await bus.ensureEventStream();
    return bus;
  }

  async request<Req, Res>(contract: BusContract<Req, Res>, payload: Req, options?: { timeoutMs?: number }): Promise<Res> {
    const timeout = options?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    const data = this.encode(payload ?? {});
    for (;;) {
      await this.connection.whenConnected(deadline);
      if (!this.connection.connected) throw new BusError('UNAVAILABLE', `${contract.subject}: NATS is unreachable`);
      const outagesBefore = this.connection.outages;
      try {
        const reply = await this.nc.request(contract.subject, data, { timeout: Math.max(1, deadline - Date.now()) });
        return unwrapReply(this.decode(reply.data) as BusReply<Res>);
      } catch (error) {
        if (error instanceof BusError) throw error;
        const code = (error as NatsError).code;
        const resubscribing = Date.now() - this.connection.reconnectedAt < RESUBSCRIBE_GRACE_MS;
        if (code === ErrorCode.NoResponders && resubscribing && deadline - Date.now() > RESUBSCRIBE_RETRY_MS) {
          await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_RETRY_MS));
          continue;
        }
        if (code === ErrorCode.NoResponders)
          throw new BusError('UNAVAILABLE', `no service answers ${contract.subject}`, undefined, { cause: error });
        if (code === ErrorCode.Timeout && (!this.connection.connected || this.connection.outages !== outagesBefore))
          throw new BusError('UNAVAILABLE', `${contract.subject}: the NATS connection was lost`, undefined, { cause: error });
        if (code === ErrorCode.Timeout)
          throw new BusError('TIMEOUT', `${contract.subject} timed out after ${timeout} ms`, undefined, { cause: error });
        throw new BusError('UNAVAILABLE', `bus request ${contract.subject} failed`, undefined, { cause: error });
      }
    }
  }

  serve<Req, Res>(contract: BusContract<Req, Res>, handler: BusHandler<Req, Res>, queue: string): void {
    this.nc.subscribe(contract.subject, {
      queue,
      callback: (error, msg) => {
        if (error) {
          this.logger.error({ err: error, subject: contract.subject }, 'subscription error');
          return;
        }
        let payload: unknown;
        try {
          payload = this.decode(msg.data);
        } catch {
          msg.respond(this.encode({ ok: false, error: { code: 'BAD_REQUEST', message: 'payload is not JSON' } }));
          return;
        }
        void handleBusRequest(contract, handler, payload, this.logger).then((reply) =>
          msg.respond(this.encodeReply(reply, contract.subject)),
        );
      },
    });
  }

  async publishDurable(subject: string, payload: unknown, messageId: string): Promise<void> {
    await this.js.publish(subject, this.encode(payload), { msgID: messageId });
  }

  broadcast(subject: string, payload: unknown): void {
    if (!this.nc.isClosed()) this.nc.publish(subject, this.encode(payload));
  }

  subscribe(pattern: string, handler: (payload: unknown, subject: string) => void): Unsubscribe {
    const sub = this.nc.subscribe(pattern, {
      callback: (error, msg) => {
        if (error) return;
        try {
          handler(this.decode(msg.data), msg.subject);
        } catch (err) {
          this.logger.error({ err, subject: msg.subject }, 'bus subscriber failed');
        }
      },
    });
    return () => sub.unsubscribe();
  }

  consumeDurable(options: DurableConsumerOptions, handler: (messages: DurableMessage[]) => Promise<void>): Promise<DurableConsumer> {
    return startJetStreamConsumer(this.nc, options, handler, this.logger);
  }

  async ping(): Promise<void> {
    if (this.nc.isClosed()) throw new BusError('UNAVAILABLE', 'NATS connection closed');
    if (!this.connection.connected) throw new BusError('UNAVAILABLE', 'NATS is reconnecting');
    await Promise.race([
      this.nc.flush(),
      new Promise((_, reject) => setTimeout(() => reject(new BusError('TIMEOUT', 'NATS flush timed out')), 2000)),
    ]);
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /**
   * Creates the event streams if they do not exist (idempotent; any service may do it first):
   * ISSUER_EVENTS (`issuer.events.v1.>`), KMS_EVENTS (`kms.events.v1.>`, key lifecycle audit events) and
   * AUDIT_EVENTS (`audit.events.v1.>`, the admin audit log, API.md §13). The streams are a feed for consumers such as
   * a SIEM, kept EVENT_RETENTION_DAYS; the audit log of record is issuer_api.audit with its own retention.
   */
  private async ensureEventStream(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const streams = [
      { name: ISSUER_EVENTS_STREAM, subject: `${ISSUER_EVENTS_SUBJECT_ROOT}.>` },
      { name: KMS_EVENTS_STREAM, subject: `${KMS_EVENTS_SUBJECT_ROOT}.>` },
      { name: AUDIT_EVENTS_STREAM, subject: `${AUDIT_EVENTS_SUBJECT_ROOT}.>` },
    ];
    for (const { name, subject } of streams) {
      try {
        await jsm.streams.info(name);
      } catch {
        try {
          await jsm.streams.add({
            name,
            subjects: [subject],
            storage: StorageType.File,
            max_age: nanos(EVENT_RETENTION_DAYS * 24 * 3600 * 1000),
            duplicate_window: nanos(2 * 60 * 1000),
          });
        } catch (error) {
          // Another replica may have created it between our info and add.
          await jsm.streams.info(name).catch(() => Promise.reject(error));
        }
      }
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connection.disconnected();
      if (status.type === 'reconnect') this.connection.reconnected();
      if (status.type === 'disconnect' || status.type === 'reconnect') this.logger.warn({ nats: status.type }, `NATS ${status.type}`);
    }
  }

  /** A reply that cannot be serialised (BigInt, cycle) becomes INTERNAL instead of an unhandled rejection that kills the process. */
  private encodeReply(reply: BusReply<unknown>, subject: string): Uint8Array {
    try {
      return this.encode(reply);
    } catch (error) {
      this.logger.error({ err: error, subject }, 'bus reply is not serialisable');
      return this.encode({ ok: false, error: { code: 'INTERNAL', message: `${subject} failed` } });
    }
  }

  private encode(value: unknown): Uint8Array {
    return this.encoder.encode(JSON.stringify(value));
  }

  private decode(data: Uint8Array): unknown {
    return JSON.parse(this.decoder.decode(data));
  }
}
