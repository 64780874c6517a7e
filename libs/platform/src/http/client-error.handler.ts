import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/app-error';
import type { Logger } from '../observability/logger';
import { errorResponseFor } from './error-response';
import { endAfterDraining, lingerForUnreadBody } from './refused-body-drain';

/** What Node's HTTP parser attaches to a clientError: its code and the bytes it read so far. */
type ParserError = Error & { code?: string; rawPacket?: unknown };

/** The request target of a request line the parser refused, as far as it can be read (to pick the error format). */
export function requestTargetOf(rawPacket: unknown): string {
  const line = Buffer.isBuffer(rawPacket) ? rawPacket.subarray(0, 8192).toString('latin1').split('\r\n', 1)[0] : '';
  return /^\S+ (\S+)/.exec(line)?.[1] ?? '';
}

function refusal(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('HEADER_FIELDS_TOO_LARGE', 'The request header block is too large');
  if (code === 'HPE_URI_TOO_LONG') return new AppError('URI_TOO_LONG', 'The request URI is too long');
  return new AppError('VALIDATION_FAILED', 'The request is not valid HTTP/1.1');
}

/**
 * Answers requests Node's parser refuses before any route runs (malformed request line or URL, a header
 * block over the limit) in the platform's formats: problem+json under /api/, the OAuth error elsewhere, with
 * an `x-request-id` and a log line carrying it, then closes the connection (the parser state is lost).
 */
export function createClientErrorHandler(logger: Logger): (error: ParserError, socket: Socket) => void {
  // Node hands every later chunk of a refused connection to the dead parser and reports each as a new error:
  // once answered, a connection is left to drain (destroying it would reset the answer away).
  const answered = new WeakSet<Socket>();
  return (error, socket) => {
    if (answered.has(socket)) return;
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const refused = refusal(error.code);
    const response = errorResponseFor(requestTargetOf(error.rawPacket), refused);
    const requestId = randomUUID();
    const body = JSON.stringify(response.body);
    logger.warn({ reqId: requestId, code: error.code, status: refused.status }, 'request refused by the HTTP parser');
    // The client may still be sending (a body behind the refused head): drain it so the answer is not lost to a reset.
    endAfterDraining(
      socket,
      `HTTP/1.1 ${refused.status} ${STATUS_LINE[refused.status]}\r\nContent-Type: ${response.contentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

/**
 * Answers an `Expect` other than `100-continue` (Node answers a bare 417 itself otherwise): RFC 9110 §10.1.1
 * lets a server refuse an expectation it cannot meet; it is refused in the path's error format, with a request id.
 */
export function createExpectationFailedHandler(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const response = errorResponseFor(req.url ?? '', new AppError('EXPECTATION_FAILED', 'Only the expectation 100-continue is supported'));
    const requestId = randomUUID();
    const body = JSON.stringify(response.body);
    logger.warn({ reqId: requestId, status: 417 }, 'request refused: unsupported Expect');
    // The body, if the client sends it anyway, is read and dropped (its length is known), so that the answer is not
    // lost to a reset and the connection can carry the next request.
    lingerForUnreadBody(req, res);
    res.writeHead(417, { 'content-type': response.contentType, 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
    res.end(body);
  };
}

/**
 * Answers CONNECT (Node hands it to a 'connect' listener and otherwise drops the connection without a word): this
 * is not a proxy, so 405 in the path family's format, with a request id, then the connection closes.
 */
export function createConnectRefusalHandler(logger: Logger): (req: IncomingMessage, socket: Socket) => void {
  return (req, socket) => {
    const response = errorResponseFor(req.url ?? '', new AppError('METHOD_NOT_ALLOWED', 'CONNECT is not supported'));
    const requestId = randomUUID();
    const body = JSON.stringify(response.body);
    logger.warn({ reqId: requestId, status: 405 }, 'request refused: CONNECT');
    endAfterDraining(
      socket,
      `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: ${response.contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

const STATUS_LINE: Record<number, string> = { 400: 'Bad Request', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };
