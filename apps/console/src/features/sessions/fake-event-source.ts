import type { IssuerEvent } from './types';

/**
 * An EventSource for component tests: records every stream the page opens and lets the test play the server
 * (open, send named events with ids, fail the connection as a refused token or a dropped network would).
 */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readyState = FakeEventSource.CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!source) throw new Error('no EventSource was opened');
    return source;
  }

  get params(): URLSearchParams {
    return new URL(this.url, 'http://console.test').searchParams;
  }

  addEventListener(name: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.(new Event('open'));
  }

  /** A frame `id: <id>` / `event: <name>` / `data: <envelope>`, as the platform writes it. */
  emit(envelope: IssuerEvent): void {
    const message = new MessageEvent(envelope.event, { data: JSON.stringify(envelope), lastEventId: envelope.id });
    for (const listener of this.listeners.get(envelope.event) ?? []) listener(message);
  }

  /** `closed`: the answer was not a stream (e.g. 401); otherwise the browser is reconnecting by itself. */
  fail(closed: boolean): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.(new Event('error'));
  }
}
