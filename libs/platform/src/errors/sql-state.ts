import { DatabaseError } from 'pg';
import { AppError } from './app-error';

/** SQLSTATE of integrity constraint violations (PostgreSQL, Appendix A, class 23). */
export const NOT_NULL_VIOLATION = '23502';
export const FOREIGN_KEY_VIOLATION = '23503';
export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of an error the server answered (not of a socket error such as EPIPE). */
export function sqlState(error: unknown): string | undefined {
  return serverError(error)?.code;
}

/** pg's error, also when TypeORM wrapped it (QueryFailedError.driverError). */
function serverError(error: unknown): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  const driverError = (error as { driverError?: unknown } | null)?.driverError;
  return driverError instanceof DatabaseError ? driverError : undefined;
}

/** The column a not-null violation names, e.g. `profile_id`. */
export function violatedColumn(error: unknown): string | undefined {
  return serverError(error)?.column;
}

/** The constraint a class-23 violation names, e.g. `profiles_issuer_id_fkey`. */
export function violatedConstraint(error: unknown): string | undefined {
  return serverError(error)?.constraint;
}

/**
 * The last line of defence for statements that input or a race can make fail: a constraint violation
 * (class 23) is a conflict with a concurrent change, a data exception (class 22) or an oversized index row
 * (54000) is input the database cannot hold. Repositories map the cases they expect first, naming the
 * resource; whatever reaches this answers 409/400 instead of 500. Undefined for everything else.
 */
export function appErrorForSqlState(error: unknown): AppError | undefined {
  const state = sqlState(error);
  if (!state) return undefined;
  if (state.startsWith('23'))
    return new AppError('CONFLICT', 'The request conflicts with a concurrent change; read the resource again and retry', undefined, {
      cause: error,
    });
  if (state.startsWith('22') || state === '54000')
    return new AppError('VALIDATION_FAILED', 'A value of the request cannot be stored (too long, out of range or malformed)', undefined, {
      cause: error,
    });
  return undefined;
}
