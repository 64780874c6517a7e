import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { statusListTypeSchema, statusPurposeSchema, statusSignerSchema, type StatusReference } from './status.types';

const idSchema = z.string().min(1).max(128);

export const statusEntriesAllocateRequestSchema = z
  .object({
    issuerId: idSchema,
    sessionId: idSchema,
    type: statusListTypeSchema,
    purpose: statusPurposeSchema,
    /** Optional list family name (profile `credentialStatus.statusListId`); lists of one family roll over together. */
    statusListId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional(),
    signer: statusSignerSchema,
    credentialIds: z.array(idSchema).min(1).max(1000),
    initialStatus: z.enum(['VALID', 'SUSPENDED']).default('VALID'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (new Set(value.credentialIds).size !== value.credentialIds.length) {
      ctx.addIssue({ code: 'custom', path: ['credentialIds'], message: 'must be unique' });
    }
    if (value.initialStatus === 'SUSPENDED' && value.purpose === 'revocation') {
      ctx.addIssue({ code: 'custom', path: ['initialStatus'], message: 'SUSPENDED needs purpose "suspension" or "message"' });
    }
    if (value.purpose === 'message' && value.type !== 'BitstringStatusList') {
      ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'purpose "message" needs a BitstringStatusList' });
    }
  });
export type StatusEntriesAllocateRequest = z.input<typeof statusEntriesAllocateRequestSchema>;
export interface StatusEntriesAllocateResponse {
  /** One entry per credential id, in request order. */
  entries: { credentialId: string; reference: StatusReference }[];
}

/**
 * Reserves one status entry per credential and purpose (a credential may hold one entry per purpose) at a random unused index of the issuer's open list for
 * (type, purpose, signer, family), rolling over to a new list when it is full. Atomic across replicas.
 */
export const StatusEntriesAllocate = defineContract<StatusEntriesAllocateRequest, StatusEntriesAllocateResponse>(
  Subjects.StatusEntriesAllocate,
  statusEntriesAllocateRequestSchema,
);

export const statusEntriesReleaseRequestSchema = z
  .object({ issuerId: idSchema, credentialIds: z.array(idSchema).min(1).max(1000) })
  .strict();
export type StatusEntriesReleaseRequest = z.infer<typeof statusEntriesReleaseRequestSchema>;

/**
 * Marks the entries of credentials that were never delivered (issuance failed after allocation) as
 * released: their indexes stay VALID and are never handed out again (a (uri, idx) pair is never reused).
 */
export const StatusEntriesRelease = defineContract<StatusEntriesReleaseRequest, { released: number }>(
  Subjects.StatusEntriesRelease,
  statusEntriesReleaseRequestSchema,
);
