import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { keyIdSchema } from '../kms/key-get.contract';
import { didMethodSchema, didWebPathSchema, type DidDocument } from './did.types';

export const didCreateRequestSchema = z
  .object({ method: didMethodSchema, keyId: keyIdSchema, path: didWebPathSchema.optional() })
  .strict()
  .superRefine((value, ctx) => {
    if (value.path !== undefined && value.method !== 'web') {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'is only allowed with method "web"' });
    }
  });
export type DidCreateRequest = z.infer<typeof didCreateRequestSchema>;
export interface DidCreateResponse {
  did: string;
  document: DidDocument;
  keyId: string;
}

/** Creates a DID for a kms key (its public JWK is fetched from kms; the private key stays there). */
export const DidCreate = defineContract<DidCreateRequest, DidCreateResponse>(Subjects.DidCreate, didCreateRequestSchema);
