import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { keyIdSchema } from '../kms/key-get.contract';
import { Subjects } from '../subjects';

export const statusSignersRequestSchema = z
  .object({
    /** The lists of any issuer signed with this kms key. */
    keyId: keyIdSchema.optional(),
    /** The lists of this issuer, whatever key signs them. */
    issuerId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((value) => (value.keyId === undefined) !== (value.issuerId === undefined), {
    message: 'exactly one of keyId and issuerId is required',
    path: ['keyId'],
  });
export type StatusSignersRequest = z.infer<typeof statusSignersRequestSchema>;
export interface StatusSignersResponse {
  /** One item per signer key of the matching lists; empty when no such list is live. */
  signers: {
    keyId: string;
    /** Live lists signed with the key (for a keyId request: of every issuer). */
    listCount: number;
    /** Public URLs of up to 5 of them, oldest first, for messages that name them. */
    uris: string[];
  }[];
}

/**
 * The kms keys that sign live status lists: lists holding at least one entry of an issued credential
 * (released entries do not count: no credential refers to them). A list keeps the key it was created with
 * and is re-signed with it until `exp`, so such a key must stay in kms and in the issuer's JWKS even after
 * the issuer's or profile's configuration moved to another key.
 */
export const StatusSigners = defineContract<StatusSignersRequest, StatusSignersResponse>(
  Subjects.StatusSigners,
  statusSignersRequestSchema,
);
