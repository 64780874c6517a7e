import type { AuditOutcome } from '@issuer/contracts';
import { AppError } from '@issuer/platform';
import type { Permission } from '../access/admin-permissions';

/**
 * The outcome an error gives an admin change, or undefined when it is not recorded at all.
 * - `denied`: a 403 anywhere, and in the access guard also the 404 with which a key, DID or certificate outside the
 *   principal's scope reads as missing (access-decision.ts): a refusal that must not look like one to the caller.
 * - not recorded: 401 (no principal to attribute anything to; unauthenticated noise is for the logs and the rate
 *   limit) and 429 (the rate limit refused before the change was looked at).
 * - `failure`: everything else after authentication — validation (400), missing (404), conflict (409), and 5xx.
 */
export function outcomeOfError(error: unknown, stage: 'authorization' | 'handler', permission?: Permission): AuditOutcome | undefined {
  if (!(error instanceof AppError)) return 'failure';
  switch (error.code) {
    case 'UNAUTHORIZED':
    case 'RATE_LIMITED':
      return undefined;
    case 'FORBIDDEN':
      return 'denied';
    case 'NOT_FOUND':
      return stage === 'authorization' && permission?.scope === 'owned' ? 'denied' : 'failure';
    default:
      return 'failure';
  }
}
