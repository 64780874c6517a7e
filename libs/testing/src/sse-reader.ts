export interface SseEvent {
  id?: string;
  event?: string;
  data: any;
}

/**
 * Reads a server-sent event stream with fetch (so it can send the admin key) and collects its events.
 * `waitFor` resolves when a matching event has arrived; `close` aborts the connection.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly status: Promise<number>;
  private readonly controller = new AbortController();
  private waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];

  constructor(url: string, headers: Record<string, string>) {
    this.status = this.run(url, headers);
  }

  private async run(url: string, headers: Record<string, string>): Promise<number> {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: this.controller.signal });
    if (!response.ok || !response.body) return response.status;
    void this.consume(response.body).catch(() => undefined);
    return response.status;
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { data: undefined };
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (!data.length) continue;
        event.data = JSON.parse(data.join('\n'));
        this.events.push(event);
        this.waiters = this.waiters.filter((w) => (w.match(event) ? (w.resolve(event), false) : true));
      }
    }
  }

  waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`SSE event not received; got ${this.events.map((e) => e.event).join(', ')}`)),
        timeoutMs,
      );
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  close(): void {
    this.controller.abort();
  }
}
