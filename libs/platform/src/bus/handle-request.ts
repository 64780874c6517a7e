import { BusError, type BusContract, type BusReply } from '@issuer/contracts';
import type { BusHandler } from './bus';
import type { Logger } from '../observability/logger';
import { appErrorForSqlState } from '../errors/sql-state';
import { isDatabaseUnavailable } from '../database/database-unavailable';

/**
 * Runs a handler for a payload that arrived over the bus: validates it against the contract, and turns
 * every outcome into a reply. Unexpected errors become INTERNAL without their message (it may hold
 * internals), and are logged here, where the cause is known.
 */
export async function handleBusRequest<Req, Res>(
  contract: BusContract<Req, Res>,
  handler: BusHandler<Req, Res>,
  payload: unknown,
  logger: Logger,
): Promise<BusReply<Res>> {
  const parsed = contract.request.safeParse(payload);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { ok: false, error: { code: 'BAD_REQUEST', message: `invalid ${contract.subject} request`, errors } };
  }
  try {
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof BusError) return { ok: false, error: error.toPayload() };
    // A statement that lost a race (constraint) or got input the database cannot hold is the caller's problem, not INTERNAL.
    const fromSqlState = appErrorForSqlState(error);
    if (fromSqlState)
      return { ok: false, error: { code: fromSqlState.code === 'CONFLICT' ? 'CONFLICT' : 'BAD_REQUEST', message: fromSqlState.message } };
    // The service's database is restarting or unreachable: the caller may retry (503), nothing is broken.
    if (isDatabaseUnavailable(error))
      return { ok: false, error: { code: 'UNAVAILABLE', message: `${contract.subject}: the database is unavailable` } };
    logger.error({ err: error, subject: contract.subject }, 'bus handler failed');
    return { ok: false, error: { code: 'INTERNAL', message: `${contract.subject} failed` } };
  }
}

/** Turns a reply back into a value or a thrown BusError. */
export function unwrapReply<Res>(reply: BusReply<Res>): Res {
  if (reply.ok) return reply.data;
  throw new BusError(reply.error.code, reply.error.message, reply.error.errors);
}
