import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../observability/logger';
import { noteConnectionLost } from './database-unavailable';

const guarded = new WeakSet<object>();
const lost = new WeakSet<object>();

/** Whether the connection of `client` ended or failed under it (its next statement cannot run). */
export function isLostClient(client: PoolClient): boolean {
  return lost.has(client);
}

/**
 * Makes a lost connection an ordinary failed statement instead of a crash. pg emits `error` on a client whose
 * server went away (restart, failover, network cut); the pool listens only while the client is idle, so a
 * client that is checked out — in a transaction, holding an advisory lock, between the two statements of an
 * outbox batch — would throw an unhandled `error` event and end the process. Every client of `pool` gets a
 * listener for its whole life: it records the error (so it classifies as "database unavailable") and the
 * client (so the holder knows its connection is gone); the pool drops such a client when it is released.
 */
export function guardPoolClients(pool: Pool, logger: Logger, schema: string): void {
  const guard = (client: PoolClient) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', (error: Error & { code?: string }) => {
      noteConnectionLost(error);
      if (lost.has(client)) return; // pg reports one loss twice: the server's notice, then the closed socket
      lost.add(client);
      // By message and code only: pg attaches the whole client (connection parameters) to the error.
      logger.warn({ err: { message: error.message, code: error.code }, schema }, 'database connection lost');
    });
  };
  // TypeORM's pool made its first client before this ran: `acquire` covers that one at its first checkout.
  pool.on('connect', guard);
  pool.on('acquire', guard);
  // An idle client's loss reaches the pool too; a guarded client has logged it already.
  pool.on('error', (error: Error & { code?: string }, client: PoolClient) => {
    noteConnectionLost(error);
    if (!guarded.has(client) && !pool.ended && !(pool as { ending?: boolean }).ending)
      logger.warn({ err: { message: error.message, code: error.code }, schema }, 'idle database connection lost');
  });
}
