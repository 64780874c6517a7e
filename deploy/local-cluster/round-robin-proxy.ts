import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  BODY_LIMIT_BYTES,
  createClientErrorHandler,
  createConnectRefusalHandler,
  createExpectationFailedHandler,
  createLogger,
  lingerForUnreadBody,
  errorResponseFor,
} from '@issuer/platform';

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
 * A body declared over the replicas' limit is refused here from the header, as an ingress with a body limit does,
 * in the replicas' format; Node reads and drops the body while the client sends it, so the 413 stays readable.
 * (Forwarded without its body, the replica would wait for it on a pooled connection.)
 */
function refuseOversized(req: IncomingMessage, res: ServerResponse): void {
  const response = errorResponseFor(req.url ?? '', new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large'));
  lingerForUnreadBody(req, res);
  res.writeHead(response.status, {
    ...response.headers,
    'content-type': response.contentType,
    'x-request-id': String(req.headers['x-request-id'] ?? randomUUID()),
  });
  res.end(JSON.stringify(response.body));
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

  /** `first`: the replica the request was given in turn; an attempt after a refusal tries the one after it, and so on. */
  const forward = (req: IncomingMessage, res: ServerResponse, first: number, attempt: number): void => {
    if (Number(req.headers['content-length']) > maxBodyBytes) return refuseOversized(req, res);
    // Not the shared counter: concurrent requests move it, and a retry could land on the refusing replica again.
    const target = targets[(first + attempt) % targets.length];
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
      // A replica may answer before the body is all in (415, 401): the client still sending must read it.
      lingerForUnreadBody(req, res);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
      // Headers go out at once: an SSE client must see 200 before the first event arrives.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (!sentBody && error.code === 'ECONNREFUSED' && attempt + 1 < targets.length) return forward(req, res, first, attempt + 1);
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
    // The body goes out once the replica has accepted the connection: one that refuses it (a killed replica) has then
    // consumed none of it, and the next replica still gets the request whole.
    upstream.once('socket', (socket) => {
      const send = () => {
        sentBody = true;
        // The head goes out now, not with the first body chunk: a replica may answer before any body arrives (a
        // GET with a chunked body that never comes, a 415 or 401 from a hook), as it does without the proxy.
        upstream.flushHeaders();
        req.pipe(upstream);
      };
      if (socket.connecting) socket.once('connect', send);
      else send();
    });
  };

  const server = createServer((req, res) => forward(req, res, next++ % targets.length, 0));
  // What the parser refuses never reaches a replica: answered here in the replicas' formats, with a request id.
  const logger = createLogger('round-robin-proxy');
  server.on('clientError', createClientErrorHandler(logger));
  server.on('checkExpectation', createExpectationFailedHandler(logger));
  server.on('connect', createConnectRefusalHandler(logger));
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
