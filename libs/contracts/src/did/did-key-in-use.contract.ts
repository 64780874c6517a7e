import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { keyIdSchema } from '../kms/key-get.contract';

export const didKeyInUseRequestSchema = z.object({ keyId: keyIdSchema }).strict();
export type DidKeyInUseRequest = z.infer<typeof didKeyInUseRequestSchema>;
export interface DidKeyInUseResponse {
  inUse: boolean;
  dids: string[];
}

/** Whether any registered DID is bound to the key (a key delete is refused while one is). */
export const DidKeyInUse = defineContract<DidKeyInUseRequest, DidKeyInUseResponse>(Subjects.DidKeyInUse, didKeyInUseRequestSchema);
