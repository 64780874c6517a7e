import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { eventSubjectFilter, type IssuerEvent } from '@issuer/contracts';
import { BUS, type Bus, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

const HEARTBEAT_MS = 15_000;
const MAX_REPLAY = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Server-sent events fed from the bus, so a client connected to any replica sees every event. A stream
 * subscribes first, then replays stored events (a session's whole history, or everything after
 * `Last-Event-ID`), then flushes what arrived meanwhile; ids already sent are skipped, so nothing is lost
 * or repeated at the seam.
 */
@Injectable()
export class EventStreamService implements OnModuleDestroy {
  private readonly open = new Set<() => void>();

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
  ) {}

  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
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
    raw.write(': connected\n\n');

    const sent = new Set<string>();
    let buffer: IssuerEvent[] | undefined = [];
    const send = (event: IssuerEvent) => {
      if (sent.has(event.id)) return;
      sent.add(event.id);
      if (sent.size > 5000) sent.delete(sent.values().next().value as string);
      raw.write(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = this.bus.subscribe(eventSubjectFilter(issuerId, sessionId), (payload) => {
      if (buffer) buffer.push(payload as IssuerEvent);
      else send(payload as IssuerEvent);
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(close);
      raw.end();
    };
    this.open.add(close);
    request.raw.on('close', close);

    try {
      await this.bus.ping(); // the subscription is registered on the server before we read history
      for (const event of await this.history(issuerId, sessionId, lastEventId)) send(event);
      const pending = buffer;
      buffer = undefined;
      for (const event of pending) send(event);
    } catch {
      close();
    }
  }

  private async history(issuerId: string, sessionId: string | undefined, lastEventId: string | undefined): Promise<IssuerEvent[]> {
    if (!sessionId && !lastEventId) return [];
    const params: unknown[] = [issuerId];
    const where = ['issuer_id = $1'];
    if (sessionId) {
      params.push(sessionId);
      where.push(`session_id = $${params.length}`);
    }
    if (lastEventId) {
      params.push(lastEventId);
      where.push(`seq > COALESCE((SELECT seq FROM issuer_api.events WHERE id = $${params.length}), 0)`);
    }
    const { rows } = await this.db.sql<{ payload: IssuerEvent }>(
      `SELECT payload FROM issuer_api.events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${MAX_REPLAY}`,
      params,
    );
    return rows.map((r) => r.payload);
  }
}
