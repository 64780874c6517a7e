import { AckPolicy, DeliverPolicy, nanos, type NatsConnection } from 'nats';

export interface StreamMessage {
  subject: string;
  /** Stream sequence: the order in which JetStream stored the message. */
  seq: number;
  /** The `Nats-Msg-Id` header the publisher set (JetStream deduplicates on it). */
  msgId?: string;
  data: unknown;
}

/**
 * Reads every message of `stream` whose subject matches `filterSubject`, in stream order, through a
 * short-lived pull consumer (single filter subject: works on nats-server 2.9). Stops when the consumer
 * has no more pending messages or after `timeoutMs`.
 */
export async function readStreamMessages(
  nc: NatsConnection,
  stream: string,
  filterSubject: string,
  options: { timeoutMs?: number } = {},
): Promise<StreamMessage[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const jsm = await nc.jetstreamManager();
  const info = await jsm.consumers.add(stream, {
    filter_subject: filterSubject,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(60_000),
  });
  const out: StreamMessage[] = [];
  try {
    const consumer = await nc.jetstream().consumers.get(stream, info.name);
    let pending = info.num_pending;
    while (pending > 0 && Date.now() < deadline) {
      const batch = await consumer.fetch({ max_messages: Math.min(pending, 256), expires: 2000 });
      for await (const msg of batch) {
        out.push({
          subject: msg.subject,
          seq: msg.seq,
          msgId: msg.headers?.get('Nats-Msg-Id') || undefined,
          data: msg.json(),
        });
        pending = msg.info.pending;
      }
    }
  } finally {
    await jsm.consumers.delete(stream, info.name).catch(() => undefined);
  }
  return out;
}

/** Number of stored messages of `stream` on subjects matching `filterSubject`. */
export async function countStreamMessages(nc: NatsConnection, stream: string, filterSubject: string): Promise<number> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream, { subjects_filter: filterSubject });
  return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
}
