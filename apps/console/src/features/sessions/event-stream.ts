import { ApiError } from '../../api/api-error';
import { EVENT_NAMES, type IssuerEvent } from './types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

export interface EventStreamOptions {
  /** Path of the SSE route, e.g. `/api/v1/issuers/acme/sessions/s1/events`. */
  url: string;
  mintToken: () => Promise<{ token: string; expiresIn: number }>;
  onEvent: (event: IssuerEvent) => void;
  onStatus: (status: StreamStatus, error?: unknown) => void;
  /** For tests: the EventSource implementation. */
  EventSourceImpl?: typeof EventSource;
}

const MAX_DELAY_MS = 30_000;

/**
 * A live event stream for the browser: mints a short-lived stream token, opens `EventSource(url?token=…)`, and keeps
 * it open. While the token is valid, EventSource reconnects by itself and sends `Last-Event-ID`; once the token has
 * expired that reconnect would be refused, so the stream mints a new token and reopens with `?lastEventId=` (the same
 * resume point), backing off when the platform stays unreachable. A refusal to mint (session purged, role lost)
 * ends it: retrying would not help.
 */
export class EventStream {
  private source?: EventSource;
  private lastEventId?: string;
  private tokenExpiresAt = 0;
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private readonly EventSourceImpl: typeof EventSource;

  constructor(private readonly options: EventStreamOptions) {
    this.EventSourceImpl = options.EventSourceImpl ?? EventSource;
  }

  start(): void {
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = undefined;
  }

  private async open(): Promise<void> {
    this.options.onStatus(this.lastEventId || this.failures > 0 ? 'reconnecting' : 'connecting');
    let minted: { token: string; expiresIn: number };
    try {
      minted = await this.options.mintToken();
    } catch (error) {
      if (this.stopped) return;
      const final = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
      if (final) return this.options.onStatus('failed', error);
      return this.reopenLater();
    }
    if (this.stopped) return;
    this.tokenExpiresAt = Date.now() + minted.expiresIn * 1000;
    const query = new URLSearchParams({ token: minted.token });
    if (this.lastEventId) query.set('lastEventId', this.lastEventId);
    const source = new this.EventSourceImpl(`${this.options.url}?${query}`);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.options.onStatus('live');
    };
    const receive = (message: MessageEvent<string>) => {
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      try {
        this.options.onEvent(JSON.parse(message.data) as IssuerEvent);
      } catch {
        // not an event envelope: nothing to show
      }
    };
    for (const name of EVENT_NAMES) source.addEventListener(name, receive as EventListener);
    source.onerror = () => {
      if (this.stopped || source !== this.source) return;
      // CLOSED: the answer was not a stream (a 401 for an expired token, say). An expired token would make the
      // browser's own reconnect fail the same way, so both go through a fresh token.
      if (source.readyState === this.EventSourceImpl.CLOSED || Date.now() >= this.tokenExpiresAt) {
        source.close();
        this.source = undefined;
        return this.reopenLater();
      }
      this.options.onStatus('reconnecting');
    };
  }

  private reopenLater(): void {
    this.failures += 1;
    // The first reopen is the usual token renewal: at once. Repeated failures back off up to 30 s.
    const delay = this.failures === 1 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (this.failures - 2));
    this.options.onStatus('reconnecting');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.open(), delay);
  }
}
