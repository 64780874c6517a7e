import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subjects } from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';
import { principalKey, type Principal } from './principal';

/** setTimeout's limit; a later expiry is checked again when the first timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The event streams each principal holds open. Every request reads its API key afresh, but an SSE stream is one
 * request that lasts: so a revocation (on any replica, announced on the bus) ends the principal's open streams
 * everywhere, and a stream ends when the principal's key or token expires.
 */
@Injectable()
export class PrincipalStreams implements OnModuleDestroy {
  private readonly open = new Map<string, Set<IncomingMessage>>();
  private readonly unsubscribe: () => void;

  constructor(@Inject(BUS) private readonly bus: Bus) {
    this.unsubscribe = bus.subscribe(Subjects.AdminPrincipalRevoked, (payload) => this.end((payload as { principal: string }).principal));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /**
   * Follows a stream until it closes: `key` names the principal that opened it, or minted the stream token that did
   * (principalKey); `expiresAt`, when its credential stops working.
   */
  track(key: string, expiresAt: Date | undefined, request: IncomingMessage): void {
    const streams = this.open.get(key) ?? new Set<IncomingMessage>();
    this.open.set(key, streams);
    streams.add(request);
    let timer: NodeJS.Timeout | undefined;
    const expireAt = (at: Date) => {
      const delay = at.getTime() - Date.now();
      timer = setTimeout(() => (delay > MAX_TIMER_MS ? expireAt(at) : request.destroy()), Math.max(0, Math.min(delay, MAX_TIMER_MS)));
      timer.unref();
    };
    if (expiresAt) expireAt(expiresAt);
    request.once('close', () => {
      clearTimeout(timer);
      streams.delete(request);
      if (!streams.size && this.open.get(key) === streams) this.open.delete(key);
    });
  }

  /** Ends the principal's streams here at once, and on the other replicas through the bus. */
  revoked(principal: Pick<Principal, 'type' | 'id'>): void {
    this.end(principalKey(principal));
    this.bus.broadcast(Subjects.AdminPrincipalRevoked, { principal: principalKey(principal) });
  }

  private end(key: string): void {
    // Destroying the request closes the connection; the stream's own close handling then unsubscribes it.
    for (const request of this.open.get(key) ?? []) request.destroy();
  }
}
