import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { KeyDto } from './key.types';

/** Import of a private JWK into the local backend, or a link to a key that already lives in an external KMS. */
export const keyImportRequestSchema = z.union([
  z.object({ jwk: z.record(z.string(), z.unknown()), name: z.string().min(1).max(200).optional() }).strict(),
  z
    .object({
      backend: z.string().min(1).max(64),
      externalKeyId: z.string().min(1).max(2048),
      name: z.string().min(1).max(200).optional(),
    })
    .strict(),
]);
export type KeyImportRequest = z.infer<typeof keyImportRequestSchema>;

export const KeyImport = defineContract<KeyImportRequest, KeyDto>(Subjects.KmsKeyImport, keyImportRequestSchema);
