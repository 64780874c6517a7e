import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { keyTypeSchema, type KeyDto } from './key.types';

export const keyCreateRequestSchema = z
  .object({
    type: keyTypeSchema,
    backend: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(200).optional(),
    backendOptions: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type KeyCreateRequest = z.infer<typeof keyCreateRequestSchema>;

export const KeyCreate = defineContract<KeyCreateRequest, KeyDto>(Subjects.KmsKeyCreate, keyCreateRequestSchema);
