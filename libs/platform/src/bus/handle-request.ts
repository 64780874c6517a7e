import { BusError, type BusContract, type BusReply } from '@issuer/contracts';
import type { ZodError } from 'zod';
import type { BusHandler } from './bus';
import type { Logger } from '../observability/logger';
import { appErrorForSqlState } from '../errors/sql-state';
import { isDatabaseUnavailable } from '../database/database-unavailable';

/**
 * Runs a handler for a payload that arrived over the bus: validates it against the contract, and turns
 * every outcome into a reply (errors as `errorReply` maps them).
 */
export async function handleBusRequest<Req, Res>(
  contract: BusContract<Req, Res>,
  handler: BusHandler<Req, Res>,
  payload: unknown,
  logger: Logger,
): Promise<BusReply<Res>> {
  const parsed = contract.request.safeParse(payload);
  if (!parsed.success) return invalidPayloadReply(contract.subject, parsed.error);
  try {
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    return errorReply(error, contract.subject, logger);
  }
}

/** BAD_REQUEST naming every invalid field; also the reply of one invalid item of a batched request. */
export function invalidPayloadReply(subject: string, error: ZodError, what = 'request'): BusReply<never> {
  const errors = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return { ok: false, error: { code: 'BAD_REQUEST', message: `invalid ${subject} ${what}`, errors } };
}

/**
 * The reply for a handler's error: a BusError keeps its code; unexpected errors become INTERNAL without their
 * message (it may hold internals) and are logged here, where the cause is known. Batched handlers map each
 * failed item with it, so an item fails as it would have failed as a request of its own.
 */
export function errorReply(error: unknown, subject: string, logger: Logger): BusReply<never> {
  if (error instanceof BusError) return { ok: false, error: error.toPayload() };
  // A statement that lost a race (constraint) or got input the database cannot hold is the caller's problem, not INTERNAL.
  const fromSqlState = appErrorForSqlState(error);
  if (fromSqlState)
    return { ok: false, error: { code: fromSqlState.code === 'CONFLICT' ? 'CONFLICT' : 'BAD_REQUEST', message: fromSqlState.message } };
  // The service's database is restarting or unreachable: the caller may retry (503), nothing is broken.
  if (isDatabaseUnavailable(error))
    return { ok: false, error: { code: 'UNAVAILABLE', message: `${subject}: the database is unavailable` } };
  logger.error({ err: error, subject }, 'bus handler failed');
  return { ok: false, error: { code: 'INTERNAL', message: `${subject} failed` } };
}

/** Turns a reply back into a value or a thrown BusError. */
export function unwrapReply<Res>(reply: BusReply<Res>): Res {
  if (reply.ok) return reply.data;
  throw new BusError(reply.error.code, reply.error.message, reply.error.errors);
}
