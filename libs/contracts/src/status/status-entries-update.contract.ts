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
  entries: { credentialId: string; sessionId: string; status: CredentialStatusView }[];
}

/**
 * Sets the status of a session's or one credential's entries, all or nothing. NOT_FOUND when nothing
 * matches; CONFLICT when a REVOKED entry would change (revocation is final) or the list cannot express
 * the status (SUSPENDED on a revocation-only list, REVOKED on a W3C suspension list).
 */
export const StatusEntriesUpdate = defineContract<StatusEntriesUpdateRequest, StatusEntriesUpdateResponse>(
  Subjects.StatusEntriesUpdate,
  statusEntriesUpdateRequestSchema,
);
