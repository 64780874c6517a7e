import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IssuerEvent } from '@issuer/contracts';
import { SseConnection, type SseSink } from './sse-connection';

/** A sink that never sends anything on (a client that stopped reading). */
class StuckSink implements SseSink {
  chunks: string[] = [];
  ended = false;
  destroyed = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return false;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  get writableLength(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }
  once(): void {}
}

const event = (n: number): IssuerEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  event: 'credential_offer_created',
  timestamp: '2026-01-01T00:00:00.000Z',
  issuerId: 'acme',
  sessionId: 's1',
  data: { padding: 'x'.repeat(200) },
});

describe('SseConnection', () => {
  it('sends id/event/data frames once per event id', () => {
    const sink = new StuckSink();
    const connection = new SseConnection(sink, { maxBufferBytes: 1_000_000, heartbeatMs: 60_000, maxPending: 10 }, () => {});
    connection.send(event(1));
    connection.send(event(1));
    connection.close();
    const frames = sink.chunks.filter((c) => c.startsWith('id: '));
    assert.equal(frames.length, 1);
    assert.match(frames[0], /^id: 0{8}-0{4}-4000-8000-0{11}1\nevent: credential_offer_created\ndata: \{/);
  });

  it('disconnects a client that does not read once the buffer limit is passed, with a final stream_closed frame', async () => {
    const sink = new StuckSink();
    let closed = 0;
    const connection = new SseConnection(sink, { maxBufferBytes: 4096, heartbeatMs: 60_000, maxPending: 10 }, () => closed++);
    const drained = connection.drained();
    for (let n = 1; n <= 100; n++) connection.send(event(n));
    assert.ok(connection.closed);
    assert.equal(closed, 1);
    assert.ok(sink.ended);
    assert.equal(sink.chunks.at(-1), 'event: stream_closed\ndata: {"reason":"slow_consumer"}\n\n');
    const sentFrames = sink.chunks.filter((c) => c.startsWith('id: ')).length;
    assert.ok(sentFrames < 100, 'writing stopped at the limit');
    await drained; // a replay waiting for the client is released
  });

  it('ends with reason shutdown when the server closes it', () => {
    const sink = new StuckSink();
    new SseConnection(sink, { maxBufferBytes: 4096, heartbeatMs: 60_000, maxPending: 10 }, () => {}).close('shutdown');
    assert.equal(sink.chunks.at(-1), 'event: stream_closed\ndata: {"reason":"shutdown"}\n\n');
    assert.equal(sink.destroyed, false);
  });
});
