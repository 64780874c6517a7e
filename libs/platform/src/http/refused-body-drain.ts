import type { FastifyReply, FastifyRequest } from 'fastify';

/** How much of a refused body is read and dropped so that its sender can read the answer. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_LIMIT_MS = 10_000;

/**
 * Fastify answers a body over the limit (413) before the body arrived and closes the connection. The client
 * is still sending, so the close turns into a TCP reset that can destroy the 413 in the client's receive
 * buffer (it sees EPIPE / ECONNRESET instead of an answer). Instead, the connection stays open while Node
 * reads and drops the rest of the body (a "lingering close", as web servers do), bounded in bytes and time;
 * a sender that exceeds either bound is cut off. Use as an `onSend` hook.
 */
export function drainRefusedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (reply.statusCode === 413 && !request.raw.complete) {
    reply.removeHeader('connection');
    const socket = request.raw.socket;
    let drained = 0;
    const cutOff = () => socket.destroy();
    const timer = setTimeout(cutOff, DRAIN_LIMIT_MS);
    timer.unref();
    const count = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) cutOff();
    };
    socket.on('data', count);
    const finish = () => {
      clearTimeout(timer);
      socket.removeListener('data', count);
    };
    request.raw.once('end', finish);
    socket.once('close', finish);
  }
  done(null, payload);
}
