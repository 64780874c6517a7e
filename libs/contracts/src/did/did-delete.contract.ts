import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { didStringSchema } from './did.types';

export const didDeleteRequestSchema = z.object({ did: didStringSchema }).strict();
export type DidDeleteRequest = z.infer<typeof didDeleteRequestSchema>;

/** Deletes a registered DID (NOT_FOUND if unknown); a hosted did:web document disappears with it. */
export const DidDelete = defineContract<DidDeleteRequest, { deleted: true }>(Subjects.DidDelete, didDeleteRequestSchema);
