import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { EventStream, type StreamStatus } from './event-stream';
import { FakeEventSource } from './fake-event-source';
import type { IssuerEvent } from './types';

describe('EventStream', () => {
  let statuses: StreamStatus[];
  let events: IssuerEvent[];
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 }); // Date.now() is the fake clock, which the stream reads
    FakeEventSource.instances = [];
    statuses = [];
    events = [];
  });
  afterEach(() => vi.useRealTimers());

  const start = (mintToken: () => Promise<{ token: string; expiresIn: number }>) => {
    const stream = new EventStream({
      url: '/api/v1/issuers/acme/sessions/s1/events',
      mintToken,
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      EventSourceImpl: FakeEventSource as unknown as typeof EventSource,
    });
    stream.start();
    return stream;
  };

  it('leaves a reconnect with a valid token to the browser, and reopens with a new token once it has expired', async () => {
    let minted = 0;
    const mint = vi.fn(async () => ({ token: `t${++minted}`, expiresIn: 60 }));
    const stream = start(mint);
    await vi.runAllTimersAsync();
    const first = FakeEventSource.latest();
    first.open();
    first.emit({ id: 'e1', event: 'credential_offer_created', timestamp: '', issuerId: 'acme' });
    first.fail(false); // network blip, token still valid: EventSource retries by itself
    await vi.runAllTimersAsync();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(first.readyState).toBe(FakeEventSource.CONNECTING);

    vi.setSystemTime(61_000);
    first.fail(false); // its own retry would present the expired token: replaced at once
    await vi.runAllTimersAsync();
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().params.get('token')).toBe('t2');
    expect(FakeEventSource.latest().params.get('lastEventId')).toBe('e1');
    expect(events.map((e) => e.id)).toEqual(['e1']);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'reconnecting', 'reconnecting']);
    stream.stop();
  });

  it('backs off while the platform cannot be reached, and stops for good on a refusal', async () => {
    const attempts: number[] = [];
    const mint = vi.fn(async () => {
      attempts.push(Date.now());
      if (attempts.length <= 3) throw new ApiError(0, 'The platform cannot be reached', undefined);
      throw new ApiError(404, 'Not Found', 'session s1');
    });
    start(mint);
    await vi.advanceTimersByTimeAsync(10_000);
    // at once, again at once (a token renewal), then after 1 s and 2 s more; the 404 ends it
    expect(attempts).toEqual([0, 0, 1000, 3000]);
    expect(statuses.at(-1)).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mint).toHaveBeenCalledTimes(4);
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('opens nothing more after stop, even when a token arrives late', async () => {
    let release!: (v: { token: string; expiresIn: number }) => void;
    const stream = start(() => new Promise((resolve) => (release = resolve)));
    stream.stop();
    release({ token: 't', expiresIn: 60 });
    await vi.runAllTimersAsync();
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
