import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP exchange of the benchmark's clients over a keep-alive agent: the whole answer as text. `onSocket` sees
 * every socket a request uses (the load generator counts new connections with it).
 */
export function httpCall(
  agent: Agent,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
  onSocket?: (socket: Socket) => void,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (onSocket) req.on('socket', onSocket);
    req.end(body);
  });
}
