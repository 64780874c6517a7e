import { AppError, FOREIGN_KEY_VIOLATION, sqlState } from '@issuer/platform';

/**
 * Rethrows a write that lost the race against its issuer's deletion (a foreign key violation on the issuer)
 * as the 404 the same request gets a moment later; anything else unchanged. Use as `.catch(rethrowIssuerGone)`.
 */
export function rethrowIssuerGone(error: unknown): never {
  if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new AppError('NOT_FOUND', 'Issuer not found', undefined, { cause: error });
  throw error;
}
