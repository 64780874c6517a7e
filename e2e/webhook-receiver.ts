import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  answered: number;
}

/**
 * A webhook receiver on 127.0.0.1 that answers 503 to its first `failFirst` requests, then 204; it keeps
 * every request (failed ones too) in arrival order.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;
  private listeningPort = 0;

  constructor(private failFirst: number) {}

  /** Listens on `port` (0: a free one; pass the previous port to come back after stop()) and returns the hook URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const answered = this.failFirst-- > 0 ? 503 : 204;
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw), answered });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.listeningPort = (this.server!.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.listeningPort}/hook`;
  }

  failNext(count: number): void {
    this.failFirst = count;
  }

  delivered(sessionId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.answered < 300 && r.body.sessionId === sessionId);
  }

  /** The port of the last start(), also while stopped. */
  get port(): number {
    return this.listeningPort;
  }

  /** Stops listening and cuts open connections: senders get refused connections until start() again. */
  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    this.server?.closeAllConnections();
    await closed;
  }
}

/**
 * Checks a Standard Webhooks signature independently of the platform's code: HMAC-SHA256 keyed with the
 * base64 part of `whsec_…` over `id.timestamp.body`, any of the space-separated `v1,` values.
 */
export function signatureValid(secret: string, headers: IncomingHttpHeaders, raw: string): boolean {
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${raw}`)
    .digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .map((value) => Buffer.from(value.replace(/^v1,/, ''), 'base64'))
    .some((presented) => presented.length === expected.length && timingSafeEqual(presented, expected));
}
