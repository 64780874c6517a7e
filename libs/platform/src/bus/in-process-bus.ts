import { BusError, type BusContract, type BusReply } from '@issuer/contracts';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Bus,
  type BusHandler,
  type DurableConsumer,
  type DurableConsumerOptions,
  type DurableMessage,
  type Unsubscribe,
} from './bus';
import { InProcessDurableConsumer } from './in-process-durable-consumer';
import { handleBusRequest, unwrapReply } from './handle-request';
import { subjectMatches } from './subject-match';
import type { Logger } from '../observability/logger';

type RawHandler = (payload: unknown) => Promise<BusReply<unknown>>;

/**
 * The standalone bus: same contracts and semantics as NATS, in one process. Payloads and replies are
 * serialised to JSON and back, so a handler never shares objects with its caller and anything that would
 * not survive NATS (Dates, undefined, class instances) behaves the same here.
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, { queue: string; handlers: RawHandler[]; next: number }>();
  private readonly subscribers = new Set<{ pattern: string; handler: (payload: unknown, subject: string) => void }>();
  private readonly durableConsumers = new Set<InProcessDurableConsumer>();

  constructor(private readonly logger: Logger) {}

  async request<Req, Res>(contract: BusContract<Req, Res>, payload: Req, options?: { timeoutMs?: number }): Promise<Res> {
    const entry = this.handlers.get(contract.subject);
    if (!entry || entry.handlers.length === 0) throw new BusError('UNAVAILABLE', `no handler for ${contract.subject}`);
    const handler = entry.handlers[entry.next++ % entry.handlers.length];
    const wirePayload = JSON.parse(JSON.stringify(payload ?? {}));
    const timeoutMs = options?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusError('TIMEOUT', `${contract.subject} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const reply = await Promise.race([handler(wirePayload), timeout]);
      let wireReply: BusReply<Res>;
      try {
        wireReply = JSON.parse(JSON.stringify(reply)) as BusReply<Res>;
      } catch (error) {
        // As over NATS: a reply that cannot be serialised (BigInt, cycle) is an INTERNAL error of the handler.
        this.logger.error({ err: error, subject: contract.subject }, 'bus reply is not serialisable');
        throw new BusError('INTERNAL', `${contract.subject} failed`);
      }
      return unwrapReply(wireReply);
    } finally {
      clearTimeout(timer);
    }
  }

  serve<Req, Res>(contract: BusContract<Req, Res>, handler: BusHandler<Req, Res>, queue: string): void {
    const entry = this.handlers.get(contract.subject) ?? { queue, handlers: [], next: 0 };
    entry.handlers.push((payload) => handleBusRequest(contract, handler, payload, this.logger) as Promise<BusReply<unknown>>);
    this.handlers.set(contract.subject, entry);
  }

  /** Resolves once every durable consumer whose filter matches has handled the message (see consumeDurable). */
  async publishDurable(subject: string, payload: unknown): Promise<void> {
    // Serialised once for every receiver (each still gets its own copy): every event of the hot path comes here.
    const text = JSON.stringify(payload);
    this.deliver(subject, text);
    const consumers: Promise<void>[] = [];
    for (const consumer of this.durableConsumers)
      if (consumer.matches(subject)) consumers.push(consumer.offer({ subject, payload: JSON.parse(text) }));
    await Promise.all(consumers);
  }

  async consumeDurable(options: DurableConsumerOptions, handler: (messages: DurableMessage[]) => Promise<void>): Promise<DurableConsumer> {
    const consumer = new InProcessDurableConsumer(options, handler);
    this.durableConsumers.add(consumer);
    return { stop: async () => void this.durableConsumers.delete(consumer) };
  }

  broadcast(subject: string, payload: unknown): void {
    this.deliver(subject, JSON.stringify(payload));
  }

  subscribe(pattern: string, handler: (payload: unknown, subject: string) => void): Unsubscribe {
    const subscriber = { pattern, handler };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  async ping(): Promise<void> {
    /* always connected */
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscribers.clear();
    this.durableConsumers.clear();
  }

  /** `text` is the payload serialised once; each matching subscriber gets its own copy. */
  private deliver(subject: string, text: string): void {
    for (const subscriber of this.subscribers) {
      if (!subjectMatches(subscriber.pattern, subject)) continue;
      const copy = JSON.parse(text);
      queueMicrotask(() => {
        try {
          subscriber.handler(copy, subject);
        } catch (error) {
          this.logger.error({ err: error, subject }, 'bus subscriber failed');
        }
      });
    }
  }
}
