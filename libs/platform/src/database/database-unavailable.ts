import { AppError } from '../errors/app-error';

/**
 * SQLSTATEs (PostgreSQL, Appendix A) that say the server cannot serve us right now, whatever the statement:
 * the connection exceptions of class 08 a server or driver reports, 57P01 admin_shutdown (a fast shutdown or
 * restart ends every session), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down,
 * recovering) and 53300 too_many_connections. 08P01 (protocol violation) is a bug, not an outage.
 */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** Node's socket error codes for a server that cannot be reached (refused, reset, unroutable, not resolvable). */
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Errors a pg client emitted when its connection ended under it. pg gives these no code ("Connection
 * terminated unexpectedly"), so they are recorded by identity where they are emitted (the pool guard of
 * ServiceDatabase sees every client's `error` event before the failed query's promise settles).
 */
const lostConnectionErrors = new WeakSet<object>();

/** Records `error` as the loss of a database connection (called by the client error listener). */
export function noteConnectionLost(error: unknown): void {
  if (typeof error === 'object' && error !== null) lostConnectionErrors.add(error);
}

/** A statement could not run because the database is unreachable or restarting: retry later (503). */
export class DatabaseUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('UNAVAILABLE', 'The database is unavailable; retry later', undefined, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Whether `error` (or what it wraps: `cause`, TypeORM's `driverError`, an AggregateError's `errors`) means
 * the database cannot be reached right now, as opposed to a statement the database refused. Decided by
 * SQLSTATE, socket error code or recorded identity, never by message.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (error instanceof DatabaseUnavailableError || lostConnectionErrors.has(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code))) return true;
  const nested = [(error as { driverError?: unknown }).driverError, (error as { cause?: unknown }).cause];
  if (error instanceof AggregateError) nested.push(...error.errors);
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** `error` as a DatabaseUnavailableError when it is one (see isDatabaseUnavailable), else unchanged. */
export function asDatabaseUnavailable(error: unknown): unknown {
  return !(error instanceof DatabaseUnavailableError) && isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error) : error;
}
