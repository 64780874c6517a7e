import { AckPolicy, DeliverPolicy, nanos, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import type { DurableConsumer, DurableConsumerOptions, DurableMessage } from './bus';
import type { Logger } from '../observability/logger';

/**
 * How long the server waits for an ack before it hands a message out again. Short, so that after a consumer
 * process died (kill -9, OOM) its messages go out again within seconds; a live consumer holds its messages
 * for as long as it needs by sending in-progress acks (`working()`) every WORKING_MS.
 */
export const ACK_WAIT_MS = 5_000;
const WORKING_MS = 1_500;
const RETRY_MS = 2000;

/**
 * A JetStream durable pull consumer with explicit acks. `max_ack_pending` = batch size bounds what a
 * replica holds. Batches are handed over one at a time; messages that arrive while one is handled form the next.
 * A batch is acknowledged after the handler resolved; when it fails, that batch and every message received
 * after it are nak'ed in stream order and consumption restarts after a pause, so a later message is never
 * handled before an earlier one that failed.
 */
export async function startJetStreamConsumer(
  nc: NatsConnection,
  options: DurableConsumerOptions,
  handler: (messages: DurableMessage[]) => Promise<void>,
  logger: Logger,
): Promise<DurableConsumer> {
  const { stream, durable, filterSubject, batchSize } = options;
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.consumers.info(stream, durable);
  } catch {
    // Created at first start from the beginning of the stream (DeliverPolicy.All): events published before the
    // consumer first existed (a fresh install, a renamed durable) are work too. ISSUER_EVENTS has a max age, so
    // "all" is bounded. An existing durable keeps its position and its policy.
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: filterSubject,
        max_ack_pending: batchSize,
        ack_wait: nanos(ACK_WAIT_MS),
      })
      .catch(async (error: unknown) => {
        await jsm.consumers.info(stream, durable).catch(() => Promise.reject(error)); // another replica won the race
      });
  }
  await shortenAckWait(jsm, stream, durable, logger);
  const decoder = new TextDecoder();
  let stopped = false;
  let stopCurrent: (() => void) | undefined;
  let chain: Promise<void> = Promise.resolve();

  /**
   * Messages another process took and never acknowledged (it crashed) are redelivered first, but only
   * once their ack wait ran out; pulling before that would hand out later messages ahead of them.
   */
  const awaitOutstanding = async () => {
    const deadline = Date.now() + ACK_WAIT_MS + 1000;
    while (!stopped && Date.now() < deadline && (await jsm.consumers.info(stream, durable)).num_ack_pending > 0) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const runOnce = async (): Promise<void> => {
    await awaitOutstanding();
    if (stopped) return;
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: batchSize });
    stopCurrent = () => messages.stop();
    // stop() may have come while consume() was being set up, when there was nothing to stop yet.
    if (stopped) messages.stop();
    let failed = false;
    const buffer: JsMsg[] = [];
    // Every message received and not yet acked or nak'ed, kept from redelivery while it waits or is handled.
    const held = new Set<JsMsg>();
    const working = setInterval(() => {
      try {
        held.forEach((m) => m.working());
      } catch {
        // The connection is closed (shutdown): nothing to extend; the server redelivers what was not acked.
      }
    }, WORKING_MS);
    const settle = (batch: JsMsg[], outcome: 'ack' | 'nak') => {
      for (const m of batch) {
        held.delete(m);
        if (outcome === 'ack') m.ack();
        else m.nak();
      }
    };
    // One batch at a time, cut when the previous one is done: what arrived meanwhile forms the next batch (up to
    // batchSize), as in the in-process consumer. Cut on arrival instead, batches under load held a few messages each,
    // and every batch costs the handler its round trips (notifications: a webhook-target request and an INSERT).
    let queued = false;
    const flush = () => {
      if (queued || buffer.length === 0) return;
      queued = true;
      chain = chain.then(async () => {
        try {
          while (buffer.length) {
            const batch = buffer.splice(0, batchSize);
            if (failed || stopped) {
              settle(batch, 'nak');
              continue;
            }
            try {
              await handler(batch.map((m) => ({ subject: m.subject, payload: JSON.parse(decoder.decode(m.data)) })));
              settle(batch, 'ack');
            } catch (error) {
              failed = true;
              logger.warn({ err: error, durable }, 'durable consumer batch failed; redelivering in order');
              settle(batch, 'nak');
              messages.stop();
            }
          }
        } finally {
          queued = false;
        }
      });
    };
    try {
      for await (const message of messages) {
        if (buffer.length === 0) setImmediate(flush);
        held.add(message);
        buffer.push(message);
        if (buffer.length >= batchSize) flush();
      }
    } finally {
      // Also when the subscription broke: what was received is handled (or nak'ed) and kept from redelivery meanwhile.
      flush();
      await chain;
      clearInterval(working);
    }
  };

  const loop = async () => {
    while (!stopped) {
      await runOnce().catch((error: unknown) => logger.warn({ err: error, durable }, 'durable consumer interrupted'));
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  const running = loop();
  return {
    stop: async () => {
      stopped = true;
      stopCurrent?.();
      await running;
    },
  };
}

/**
 * Durables created before ACK_WAIT_MS was shortened keep their old ack wait (30 s) until updated; ack_wait
 * is one of the settings nats-server (2.9 too) lets an existing consumer change.
 */
async function shortenAckWait(jsm: JetStreamManager, stream: string, durable: string, logger: Logger): Promise<void> {
  const info = await jsm.consumers.info(stream, durable);
  if (info.config.ack_wait === nanos(ACK_WAIT_MS)) return;
  await jsm.consumers
    .update(stream, durable, { ack_wait: nanos(ACK_WAIT_MS) })
    .catch((error: unknown) => logger.warn({ err: error, durable }, 'could not shorten the ack wait of the durable consumer'));
}
