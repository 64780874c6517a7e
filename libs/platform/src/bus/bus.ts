import type { BusContract } from '@issuer/contracts';

export type BusHandler<Req, Res> = (request: Req) => Promise<Res>;
export type Unsubscribe = () => void;

/** One message of a durable stream, handed to a durable consumer in stream order. */
export interface DurableMessage {
  subject: string;
  payload: unknown;
}

export interface DurableConsumerOptions {
  /** JetStream stream, e.g. ISSUER_EVENTS. */
  stream: string;
  /** Durable consumer name: replicas that use the same name share one position in the stream. */
  durable: string;
  filterSubject: string;
  /** Most messages per handler call, and most unacknowledged messages the server hands out. */
  batchSize: number;
}

/** Stops a durable consumer; unacknowledged messages are delivered again later. */
export interface DurableConsumer {
  stop(): Promise<void>;
}

/**
 * The one bus interface of the platform, with a NATS and an in-process implementation. Request/reply
 * goes to exactly one replica (queue group per service); events are published durably (JetStream) and
 * reach every live subscriber (SSE fan-out) whichever replica produced them.
 */
export interface Bus {
  readonly kind: 'nats' | 'in-process';
  /** Sends a typed request and waits for the reply; a remote error is rethrown as a BusError with its code. */
  request<Req, Res>(contract: BusContract<Req, Res>, payload: Req, options?: { timeoutMs?: number }): Promise<Res>;
  /** Handles a contract's requests in the given queue group (the service name). */
  serve<Req, Res>(contract: BusContract<Req, Res>, handler: BusHandler<Req, Res>, queue: string): void;
  /** Durable publish (JetStream in NATS mode); `messageId` lets the server drop duplicates of a retry. */
  publishDurable(subject: string, payload: unknown, messageId: string): Promise<void>;
  /** Fire-and-forget broadcast to every subscriber (cache invalidation and the like). */
  broadcast(subject: string, payload: unknown): void;
  /** Live subscription (NATS wildcards `*` and `>`); not durable, not queue-grouped. */
  subscribe(pattern: string, handler: (payload: unknown, subject: string) => void): Unsubscribe;
  /**
   * Durable, at-least-once consumption in stream order: batches are handed to `handler` one at a time and
   * acknowledged when it resolves; when it throws, the batch and everything after it is delivered again.
   * In-process, `publishDurable` waits for the handler, so the outbox keeps an event until it was handled.
   */
  consumeDurable(options: DurableConsumerOptions, handler: (messages: DurableMessage[]) => Promise<void>): Promise<DurableConsumer>;
  /** Resolves when the bus is connected and answering; used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token of the process's bus. */
export const BUS = Symbol('BUS');
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
