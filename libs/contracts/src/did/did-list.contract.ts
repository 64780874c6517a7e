import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { DidSummary } from './did.types';

export const didListRequestSchema = z.object({}).strict();
export type DidListRequest = z.infer<typeof didListRequestSchema>;
export interface DidListResponse {
  items: DidSummary[];
}

export const DidList = defineContract<DidListRequest, DidListResponse>(Subjects.DidList, didListRequestSchema);
