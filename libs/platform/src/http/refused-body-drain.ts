import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How much of an unread body is read and dropped so that its sender can read the answer. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_LIMIT_MS = 10_000;

/**
 * For an answer sent before the request body arrived (413 over the limit, 415, 401 from a hook). Such an answer
 * is followed by a close: Fastify asks for one on 413, Node does when the client sent `Connection: close`. The
 * client is still sending, so the close turns into a TCP reset that can destroy the answer in the client's
 * receive buffer (it sees EPIPE / ECONNRESET instead of a response). Instead, the connection stays open while
 * Node reads and drops the rest of the body (a "lingering close", as web servers do), bounded in bytes and
 * time, and is closed once the body is in when the client asked for that; a sender over either bound is cut
 * off. Call before the answer's head is written.
 */
export function lingerForUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || res.headersSent) return;
  const closeAfter = /\bclose\b/i.test(req.headers.connection ?? '');
  res.removeHeader('connection');
  // Node would end the socket right after the answer; the close waits for the body instead (below).
  res.shouldKeepAlive = true;
  const socket = req.socket;
  let drained = 0;
  const cutOff = () => socket.destroy();
  const timer = setTimeout(cutOff, DRAIN_LIMIT_MS);
  timer.unref();
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) cutOff();
  };
  socket.on('data', count);
  const stop = () => {
    clearTimeout(timer);
    socket.removeListener('data', count);
  };
  socket.once('close', stop);
  req.once('end', () => {
    stop();
    if (!closeAfter) return;
    if (res.writableFinished) socket.end();
    else res.once('finish', () => socket.end());
  });
  // A body refused before parsing has no reader, and a parser that gave up pauses it: let it flow so that 'end' comes.
  req.resume();
}

/**
 * The same lingering close for a connection whose HTTP parsing has ended (a request the parser refused, a
 * CONNECT): the answer is written and the write side closed, then whatever the client still sends is read and
 * dropped, within the same bounds, until it closes its side.
 */
export function endAfterDraining(socket: Socket, answer: string): void {
  let drained = 0;
  const timer = setTimeout(() => socket.destroy(), DRAIN_LIMIT_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) socket.destroy();
  });
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.end(answer);
  socket.resume();
}

/** `lingerForUnreadBody` as a Fastify `onSend` hook. */
export function drainRefusedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (!request.raw.complete) reply.removeHeader('connection'); // Fastify's own headers are not on reply.raw yet
  lingerForUnreadBody(request.raw, reply.raw);
  done(null, payload);
}
