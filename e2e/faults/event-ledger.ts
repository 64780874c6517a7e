import type { NatsConnection } from 'nats';
import { readStreamMessages } from '@issuer/testing';
import type { WebhookReceiver } from '../webhook-receiver';

export const ISSUER_EVENTS = 'ISSUER_EVENTS';

export interface StoredEvent {
  seq: number;
  id: string;
  event: string;
  sessionId?: string;
}

/** The events of `issuerId` in JetStream, in stream order (optionally only up to stream sequence `upToSeq`). */
export async function storedEvents(nc: NatsConnection, issuerId: string, upToSeq = Number.MAX_SAFE_INTEGER): Promise<StoredEvent[]> {
  const messages = await readStreamMessages(nc, ISSUER_EVENTS, `issuer.events.v1.${issuerId}.>`, { timeoutMs: 30_000 });
  return messages
    .filter((m) => m.seq <= upToSeq)
    .map((m) => {
      const data = m.data as { id: string; event: string; sessionId?: string };
      return { seq: m.seq, id: data.id, event: data.event, sessionId: data.sessionId };
    });
}

/** The stream's last sequence: everything published so far has a sequence up to it. */
export async function lastSeq(nc: NatsConnection): Promise<number> {
  return (await (await nc.jetstreamManager()).streams.info(ISSUER_EVENTS)).state.last_seq;
}

/** How often each event id was answered 2xx by the receiver (a webhook delivered). */
export function deliveries(receiver: WebhookReceiver): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.received) if (r.answered < 300) counts.set(r.body.id, (counts.get(r.body.id) ?? 0) + 1);
  return counts;
}

/** Events of `events` (those of a session: only those have webhooks) the receiver has not got yet. */
export function undelivered(events: StoredEvent[], receiver: WebhookReceiver): StoredEvent[] {
  const delivered = deliveries(receiver);
  return events.filter((e) => e.sessionId && !delivered.has(e.id));
}

/** Waits until every event of `events` was delivered; returns when that happened (fails after `timeoutMs`). */
export async function awaitDelivered(events: StoredEvent[], receiver: WebhookReceiver, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = undelivered(events, receiver);
    if (missing.length === 0) return Date.now();
    if (Date.now() > deadline) {
      throw new Error(
        `${missing.length} of ${events.length} events not delivered within ${timeoutMs} ms, e.g. ${JSON.stringify(missing[0])}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
