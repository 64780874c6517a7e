import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { KeyDto } from './key.types';

export const keyListRequestSchema = z
  .object({ limit: z.number().int().min(1).max(500).default(100), cursor: z.string().uuid().optional() })
  .strict();
export type KeyListRequest = z.input<typeof keyListRequestSchema>;
export interface KeyListResponse {
  items: KeyDto[];
  nextCursor?: string;
}

export const KeyList = defineContract<KeyListRequest, KeyListResponse>(Subjects.KmsKeyList, keyListRequestSchema);
