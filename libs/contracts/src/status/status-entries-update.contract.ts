import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { credentialStatusValueSchema, type CredentialStatusView } from './status.types';

const idSchema = z.string().min(1).max(128);

export const statusEntriesUpdateRequestSchema = z
  .object({
    issuerId: idSchema,
    /** Exactly one of sessionId (every credential of the session) and credentialId. */
    sessionId: idSchema.optional(),
    credentialId: idSchema.optional(),
    status: credentialStatusValueSchema,
  })
  .strict()
  .refine((value) => (value.sessionId === undefined) !== (value.credentialId === undefined), {
    message: 'exactly one of sessionId and credentialId is required',
    path: ['sessionId'],
  });
export type StatusEntriesUpdateRequest = z.infer<typeof statusEntriesUpdateRequestSchema>;
export interface StatusEntriesUpdateResponse {
  /** One item per credential (its entries, when several, in `status.entries`). */
  /**
   * `revision` orders the changes of a credential (the newest of its entries' revisions, from one sequence in commit
   * order): a mirror of the status applies a change only when it is newer than the one it holds.
   */
  entries: { credentialId: string; sessionId: string; status: CredentialStatusView; revision: number }[];
}

/**
 * Sets the status of a session's or one credential's entries, all or nothing. A credential with several
 * entries (W3C revocation + suspension lists) changes the entries that can express the status and keeps
 * the others. NOT_FOUND when nothing matches; CONFLICT when a REVOKED credential would change (revocation
 * is final) or none of its lists can express the status (SUSPENDED with only a revocation list, REVOKED
 * with only a W3C suspension list).
 */
export const StatusEntriesUpdate = defineContract<StatusEntriesUpdateRequest, StatusEntriesUpdateResponse>(
  Subjects.StatusEntriesUpdate,
  statusEntriesUpdateRequestSchema,
);
