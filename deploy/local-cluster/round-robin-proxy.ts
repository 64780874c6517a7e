import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { BODY_LIMIT_BYTES } from '@issuer/platform';

export interface ProxyTarget {
  host: string;
  port: number;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and must not be forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !listed.includes(name)));
}

function forwardedHeaders(req: IncomingMessage): IncomingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  const client = req.socket.remoteAddress ?? '';
  const previous = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = previous ? `${String(previous)}, ${client}` : client;
  headers['x-forwarded-proto'] ??= 'http';
  if (req.headers.host) {
    headers['x-forwarded-host'] ??= req.headers.host;
    const port = /:(\d+)$/.exec(req.headers.host)?.[1];
    if (port) headers['x-forwarded-port'] ??= port;
  }
  return headers;
}

/**
 * The local cluster's stand-in for a Kubernetes Service in front of the issuer-api replicas: each request goes to
 * the next replica in turn. Bodies are piped both ways without buffering, so SSE streams and large uploads flow
 * through as they are produced; a closed client connection closes the upstream one (an SSE subscription ends).
 * A replica that refuses the connection is skipped for that request (the next one is tried, as kube-proxy would
 * once the pod is not ready), as long as nothing of the request body has been sent yet.
 */
export function createRoundRobinProxy(targets: ProxyTarget[], maxBodyBytes = BODY_LIMIT_BYTES): Server {
  if (targets.length === 0) throw new Error('round-robin proxy: no targets');
  // Keep-alive to the replicas: without it every proxied request would pay a TCP handshake.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, attempt: number): void => {
    const target = targets[next++ % targets.length];
    const upstream = request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req),
      agent,
    });
    let sentBody = false;
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
      // Headers go out at once: an SSE client must see 200 before the first event arrives.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (!sentBody && error.code === 'ECONNREFUSED' && attempt + 1 < targets.length) return forward(req, res, attempt + 1);
      // Like every answer of the platform (API.md §0), the proxy's own carries a request id.
      res.writeHead(502, {
        'content-type': 'application/problem+json',
        'x-request-id': String(req.headers['x-request-id'] ?? randomUUID()),
      });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'no issuer-api replica answered' }));
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return void upstream.end();
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      // The replica refuses this from the header alone (413) and closes. Sending the body anyway would leave it
      // unread there, and the TCP reset that follows can destroy the 413 before it reaches us: send none.
      req.resume();
      return void upstream.end();
    }
    sentBody = true;
    req.pipe(upstream);
  };

  const server = createServer((req, res) => forward(req, res, 0));
  // SSE responses stay open for as long as the client listens: no idle timeout on the proxy's side.
  server.requestTimeout = 0;
  server.timeout = 0;
  server.on('close', () => agent.destroy());
  return server;
}

/** Starts the proxy on host:port and resolves once it listens. */
export function startRoundRobinProxy(port: number, targets: ProxyTarget[], host = '0.0.0.0', maxBodyBytes?: number): Promise<Server> {
  const server = createRoundRobinProxy(targets, maxBodyBytes);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
