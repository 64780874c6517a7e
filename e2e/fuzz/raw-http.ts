import { connect } from 'node:net';

/**
 * One HTTP/1.1 exchange over a fresh TCP connection, byte for byte as given: `fetch` and `node:http`
 * normalise or refuse exactly the requests a fuzzer needs (raw non-UTF-8 bytes in the path, duplicate
 * or oversized headers, two Content-Length headers, a body the server stops reading).
 */
export interface FuzzRequest {
  method: string;
  /** Path and query as a byte string: each character (≤ U+00FF) is sent as one byte. */
  target: string;
  /** Names and values as byte strings, in order; duplicates are sent as separate lines. */
  headers: [string, string][];
  body?: Buffer;
  /** Sends the body with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** `text/event-stream`: only the head was read, then the connection was closed. */
  stream: boolean;
}

export class NoAnswerError extends Error {
  constructor(
    message: string,
    /** Bytes of an answer that had started when the connection failed. */
    readonly partial: string,
  ) {
    super(message);
  }
}

const CHUNK = 64 * 1024;

export function hasHeader(request: FuzzRequest, name: string): boolean {
  return request.headers.some(([n]) => n.toLowerCase() === name);
}

/** The bytes on the wire: Host and Connection: close unless the request sets them, Content-Length unless chunked or set. */
export function encodeHead(request: FuzzRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (!hasHeader(request, 'host')) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (!hasHeader(request, 'connection')) lines.push('Connection: close');
  if (request.chunked) {
    if (!hasHeader(request, 'transfer-encoding')) lines.push('Transfer-Encoding: chunked');
  } else if (request.body && !hasHeader(request, 'content-length')) lines.push(`Content-Length: ${request.body.length}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(match[1]), headers };
}

/** Decodes a complete chunked body, or returns undefined while it is incomplete. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n', at, 'latin1');
    if (end < 0) return undefined;
    const size = parseInt(data.subarray(at, end).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked body');
    if (size === 0) return Buffer.concat(parts);
    if (data.length < end + 2 + size + 2) return undefined;
    parts.push(data.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}

/**
 * Sends the request and reads one answer. The body goes out in 64 KiB pieces and stops as soon as the
 * server answers (as curl does), so an early 413 is read rather than lost to our own write error.
 * Rejects with NoAnswerError when the connection ends without a complete answer.
 */
export function sendRaw(baseUrl: string, request: FuzzRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const port = Number(url.port || 80);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port });
    let received = Buffer.alloc(0);
    let head: { status: number; headers: Record<string, string>; bodyStart: number } | undefined;
    let settled = false;
    const finish = (error?: Error, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const timer = setTimeout(
      () => finish(new NoAnswerError(`no complete answer within ${timeoutMs} ms`, received.toString('latin1').slice(0, 300))),
      timeoutMs,
    );
    const tryComplete = (ended: boolean) => {
      if (!head) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const parsed = parseHead(received.subarray(0, end).toString('latin1'));
        if (parsed.status >= 100 && parsed.status < 200) {
          received = received.subarray(end + 4);
          return tryComplete(ended);
        }
        head = { ...parsed, bodyStart: end + 4 };
      }
      const body = received.subarray(head.bodyStart);
      if ((head.headers['content-type'] ?? '').startsWith('text/event-stream'))
        return finish(undefined, { status: head.status, headers: head.headers, body, stream: true });
      const done = (complete: Buffer) => finish(undefined, { status: head!.status, headers: head!.headers, body: complete, stream: false });
      if (request.method === 'HEAD' || head.status === 204 || head.status === 304) return done(Buffer.alloc(0));
      if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
        const complete = dechunk(body);
        if (complete) return done(complete);
      } else if (head.headers['content-length'] !== undefined) {
        const length = Number(head.headers['content-length']);
        if (body.length >= length) return done(body.subarray(0, length));
      } else if (ended) return done(body);
      if (ended) finish(new NoAnswerError('connection closed in the middle of the answer', received.toString('latin1').slice(0, 300)));
    };
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      try {
        tryComplete(false);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.on('end', () => {
      try {
        tryComplete(true);
      } catch (error) {
        finish(error as Error);
      }
      finish(new NoAnswerError('connection closed without an answer', received.toString('latin1').slice(0, 300)));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      try {
        tryComplete(true);
      } catch {
        /* reported below */
      }
      finish(new NoAnswerError(`${error.code ?? error.message} before a complete answer`, received.toString('latin1').slice(0, 300)));
    });
    socket.on('connect', () => {
      socket.write(encodeHead(request, url.host));
      const body = request.body;
      if (!body) return;
      let at = 0;
      const writeNext = () => {
        if (settled || received.length > 0) return; // the server has answered: stop sending, read the answer
        if (at >= body.length) {
          if (request.chunked) socket.write('0\r\n\r\n');
          return;
        }
        const piece = body.subarray(at, at + CHUNK);
        at += piece.length;
        const framed = request.chunked
          ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
          : piece;
        if (socket.write(framed)) setImmediate(writeNext);
        else socket.once('drain', writeNext);
      };
      writeNext();
    });
  });
}
