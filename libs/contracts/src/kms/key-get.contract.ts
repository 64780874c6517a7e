import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { KeyDto } from './key.types';

export const keyIdSchema = z.string().uuid();
export const keyGetRequestSchema = z.object({ keyId: keyIdSchema }).strict();
export type KeyGetRequest = z.infer<typeof keyGetRequestSchema>;

export const KeyGet = defineContract<KeyGetRequest, KeyDto>(Subjects.KmsKeyGet, keyGetRequestSchema);

export const keyDeleteRequestSchema = keyGetRequestSchema;
export const KeyDelete = defineContract<KeyGetRequest, { deleted: true }>(Subjects.KmsKeyDelete, keyDeleteRequestSchema);
