// Test helper (imported only by the fakes): the loopback HTTP(S) server every fake of a key service listens on, and
// the request-body readers they share.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export class FakeServer {
  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` (or https). */
    readonly origin: string,
  ) {}

  /**
   * Listens on 127.0.0.1 on a free port, over TLS when `tls` is given. A handler that throws answers through
   * `failed` (500 in the service's own error shape), so a bug in a fake shows as a service error, not a hung request.
   */
  static async listen(
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    failed: (res: ServerResponse, error: unknown) => void,
    tls?: { cert: string; key: string },
  ): Promise<FakeServer> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res).catch((error: unknown) => failed(res, error));
    const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Closes the server and its open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON object body: `{}` when empty, undefined when it is not JSON or not an object. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (!body) return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return parseJsonObject((await readBody(req)).toString('utf8'));
}
