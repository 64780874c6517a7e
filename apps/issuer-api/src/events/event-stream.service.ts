import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { eventSubjectFilter, type IssuerEvent } from '@issuer/contracts';
import { BUS, type Bus, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { SSE_LIMITS } from './sse-limits.provider';
import { SseConnection, type SseLimits } from './sse-connection';

const PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Server-sent events fed from the bus, so a client connected to any replica sees every event. A stream
 * subscribes first, then replays stored events page by page at the client's pace (a session's whole
 * history, or everything after `Last-Event-ID`), then flushes what arrived meanwhile; ids already sent are
 * skipped, so nothing is lost or repeated at the seam. Memory per connection is bounded (SseConnection).
 */
@Injectable()
export class EventStreamService implements OnModuleDestroy {
  private readonly open = new Set<SseConnection>();

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(SSE_LIMITS) private readonly limits: SseLimits,
  ) {}

  /** Shutdown: every stream ends with `stream_closed` (reason `shutdown`); clients reconnect to another replica. */
  onModuleDestroy(): void {
    for (const connection of [...this.open]) connection.close('shutdown');
  }

  async stream(request: FastifyRequest, reply: FastifyReply, issuerId: string, sessionId?: string): Promise<void> {
    const header = request.headers['last-event-id'] ?? (request.query as { lastEventId?: string } | undefined)?.lastEventId;
    const lastEventId = typeof header === 'string' && UUID.test(header) ? header : undefined;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    // HEAD (RFC 9110 §9.3.2): the stream's head and nothing more; the stream itself would never end.
    if (request.method === 'HEAD') {
      raw.end();
      return;
    }

    let pending: IssuerEvent[] | undefined = [];
    let unsubscribe = () => {};
    const connection: SseConnection = new SseConnection(raw, this.limits, () => {
      unsubscribe();
      this.open.delete(connection);
    });
    this.open.add(connection);
    unsubscribe = this.bus.subscribe(eventSubjectFilter(issuerId, sessionId), (payload) => {
      if (!pending) return connection.send(payload as IssuerEvent);
      pending.push(payload as IssuerEvent);
      if (pending.length > this.limits.maxPending) connection.close('slow_consumer');
    });
    request.raw.on('close', () => connection.close());

    try {
      await this.bus.ping(); // the subscription is registered on the server before we read history
      await this.replay(connection, issuerId, sessionId, lastEventId);
      const live = pending;
      pending = undefined;
      for (const event of live) connection.send(event);
    } catch {
      connection.close();
    }
  }

  private async replay(connection: SseConnection, issuerId: string, sessionId: string | undefined, lastEventId: string | undefined) {
    if (!sessionId && !lastEventId) return;
    const params: unknown[] = [issuerId];
    const where = ['issuer_id = $1'];
    if (sessionId) {
      params.push(sessionId);
      where.push(`session_id = $${params.length}`);
    }
    params.push(lastEventId ?? null);
    const resumeAt = `COALESCE((SELECT seq FROM issuer_api.events WHERE id = $${params.length}::uuid), 0)`;
    let cursor = 0n;
    for (;;) {
      // seq values come from the table itself, so inlining the cursor is safe.
      const after = `GREATEST(${resumeAt}, ${cursor})`;
      const { rows } = await this.db.sql<{ seq: string; payload: IssuerEvent }>(
        `SELECT seq, payload FROM issuer_api.events WHERE ${where.join(' AND ')} AND seq > ${after} ORDER BY seq LIMIT ${PAGE}`,
        params,
      );
      for (const row of rows) connection.send(row.payload);
      if (rows.length < PAGE || connection.closed) return;
      await connection.drained();
      cursor = BigInt(rows[rows.length - 1].seq);
    }
  }
}
