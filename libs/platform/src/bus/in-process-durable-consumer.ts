import type { DurableConsumerOptions, DurableMessage } from './bus';
import { subjectMatches } from './subject-match';

interface Pending {
  message: DurableMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The in-process stand-in for a JetStream durable consumer. There is no stream to remember messages, so
 * the publisher (the outbox relay) waits until the handler has taken the message: if the handler fails,
 * the publish fails and the outbox publishes the event again later. Messages offered while a batch runs
 * form the next batch; batches run one at a time, in the order they were offered.
 */
export class InProcessDurableConsumer {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly options: DurableConsumerOptions,
    private readonly handler: (messages: DurableMessage[]) => Promise<void>,
  ) {}

  matches(subject: string): boolean {
    return subjectMatches(this.options.filterSubject, subject);
  }

  offer(message: DurableMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.running) queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.batchSize);
        try {
          await this.handler(batch.map((p) => p.message));
          batch.forEach((p) => p.resolve());
        } catch (error) {
          // Everything queued behind the failed batch fails too, so it is never handled out of order.
          const rest = this.queue.splice(0);
          [...batch, ...rest].forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
