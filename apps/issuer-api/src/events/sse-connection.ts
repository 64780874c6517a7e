import type { IssuerEvent } from '@issuer/contracts';

/** What a connection writes to: the raw HTTP response (a Node writable). */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  destroy(): void;
  readonly writableLength: number;
  once(event: 'drain', listener: () => void): unknown;
}

export interface SseLimits {
  /** Bytes the connection may hold unsent; beyond that the client is too slow and is disconnected. */
  maxBufferBytes: number;
  heartbeatMs: number;
  /** Live events held while the replay runs. */
  maxPending: number;
}

export type SseCloseReason = 'slow_consumer' | 'shutdown';
const DEDUPE_WINDOW = 5000;

/**
 * One SSE connection with bounded memory: unsent bytes are capped (a client that does not read is
 * disconnected instead of being buffered for forever), event ids sent recently are skipped (replay/live
 * seam), and comment heartbeats keep proxies from closing an idle stream. A close for a reason ends with
 * a `stream_closed` frame without an id, so the client's Last-Event-ID still names its last event.
 */
export class SseConnection {
  private readonly sent = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private closedFlag = false;
  private finalTimer?: NodeJS.Timeout;
  private drainWaiters: (() => void)[] = [];

  constructor(
    private readonly sink: SseSink,
    private readonly limits: SseLimits,
    private readonly onClose: () => void,
  ) {
    this.sink.write(': connected\n\n');
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), limits.heartbeatMs);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(event: IssuerEvent): void {
    if (this.closedFlag || this.sent.has(event.id)) return;
    this.sent.add(event.id);
    if (this.sent.size > DEDUPE_WINDOW) this.sent.delete(this.sent.values().next().value as string);
    this.write(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  /** Resolves when at most half the buffer limit is unsent (replay pages wait here), or the connection closed. */
  drained(): Promise<void> {
    if (this.closedFlag || this.sink.writableLength <= this.limits.maxBufferBytes / 2) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.sink.once('drain', resolve);
    });
  }

  close(reason?: SseCloseReason): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    clearInterval(this.heartbeat);
    this.drainWaiters.splice(0).forEach((resolve) => resolve());
    if (reason) this.sink.write(`event: stream_closed\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.sink.end();
    // A client that reads nothing never lets end() finish; do not keep its socket (and buffer) around.
    if (reason === 'slow_consumer') {
      this.finalTimer = setTimeout(() => this.sink.destroy(), 5000);
      this.finalTimer.unref();
    }
    this.onClose();
  }

  private write(chunk: string): void {
    if (this.closedFlag) return;
    this.sink.write(chunk);
    if (this.sink.writableLength > this.limits.maxBufferBytes) this.close('slow_consumer');
  }
}
