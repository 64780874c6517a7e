import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { Subjects } from '@issuer/contracts';
import type { Bus } from '@issuer/platform';
import { PrincipalStreams } from './principal-streams';

/** A request that records being destroyed and then closes, as a socket does. */
function request(): IncomingMessage & { destroyedCount: number } {
  const emitter = new EventEmitter() as EventEmitter & { destroyedCount: number; destroy(): void };
  emitter.destroyedCount = 0;
  emitter.destroy = () => {
    emitter.destroyedCount++;
    emitter.emit('close');
  };
  return emitter as unknown as IncomingMessage & { destroyedCount: number };
}

/** Broadcasts reach every subscriber, as on NATS: here two replicas share one bus. */
function sharedBus(): Bus {
  const handlers = new Map<string, ((payload: unknown, subject: string) => void)[]>();
  return {
    broadcast: (subject: string, payload: unknown) => handlers.get(subject)?.forEach((h) => h(payload, subject)),
    subscribe: (subject: string, handler: (payload: unknown, subject: string) => void) => {
      handlers.set(subject, [...(handlers.get(subject) ?? []), handler]);
      return () =>
        handlers.set(
          subject,
          (handlers.get(subject) ?? []).filter((h) => h !== handler),
        );
    },
  } as unknown as Bus;
}

describe('principal streams', () => {
  it("a revocation ends the principal's streams on every replica, and only its", () => {
    const bus = sharedBus();
    const here = new PrincipalStreams(bus);
    const there = new PrincipalStreams(bus);
    const [mine, mineElsewhere, other] = [request(), request(), request()];
    here.track('api-key:k1', undefined, mine);
    there.track('api-key:k1', undefined, mineElsewhere);
    there.track('api-key:k2', undefined, other);
    here.revoked({ type: 'api-key', id: 'k1' });
    assert.equal(mine.destroyedCount, 1);
    assert.equal(mineElsewhere.destroyedCount, 1);
    assert.equal(other.destroyedCount, 0);
    assert.ok(Subjects.AdminPrincipalRevoked.startsWith('issuer-api.'));
  });

  it('forgets a stream the client closed', () => {
    const streams = new PrincipalStreams(sharedBus());
    const closed = request();
    streams.track('api-key:k1', undefined, closed);
    closed.emit('close');
    streams.revoked({ type: 'api-key', id: 'k1' });
    assert.equal(closed.destroyedCount, 0);
  });

  it('ends a stream when its credential expires', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const streams = new PrincipalStreams(sharedBus());
    const expiring = request();
    streams.track('api-key:k1', new Date(60_000), expiring);
    t.mock.timers.tick(59_999);
    assert.equal(expiring.destroyedCount, 0);
    t.mock.timers.tick(1);
    assert.equal(expiring.destroyedCount, 1);
  });
});
