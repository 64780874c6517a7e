import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { retentionConfigSchema, type RetentionConfig, type RetentionRun } from './retention.types';

export const RetentionConfigGet = defineContract<Record<string, never>, RetentionConfig>(
  Subjects.RetentionConfigGet,
  z.object({}).strict() as z.ZodType<Record<string, never>>,
);

export const RetentionConfigPut = defineContract<RetentionConfig, RetentionConfig>(Subjects.RetentionConfigPut, retentionConfigSchema);

export const retentionRunRequestSchema = z.object({ dryRun: z.boolean().optional() }).strict();
export type RetentionRunRequest = z.infer<typeof retentionRunRequestSchema>;

/** Runs now (CONFLICT while another run holds the lock on any replica). */
export const RetentionRunStart = defineContract<RetentionRunRequest, RetentionRun>(Subjects.RetentionRunStart, retentionRunRequestSchema);

export const retentionRunsListRequestSchema = z.object({ limit: z.number().int().min(1).max(500).optional() }).strict();
export const RetentionRunsList = defineContract<z.infer<typeof retentionRunsListRequestSchema>, { items: RetentionRun[] }>(
  Subjects.RetentionRunsList,
  retentionRunsListRequestSchema,
);
