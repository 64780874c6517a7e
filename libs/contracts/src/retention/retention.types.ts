import { z } from 'zod';

/**
 * RetentionConfig of API.md §9 (deployment-wide; `timezone` is an addition). The contract checks the shapes;
 * data-retention checks that the duration, the cron expression and the time zone mean something and names the
 * field when they do not.
 */
export const retentionConfigSchema = z
  .object({
    enabled: z.boolean(),
    maxIssuerSessionAge: z.string().min(2).max(32),
    /** A 5-field cron expression or a shortcut such as `@daily`, checked by data-retention. */
    schedule: z.string().min(1).max(200),
    /** The IANA time zone the schedule is read in (absent: UTC), checked by data-retention. */
    timezone: z.string().min(1).max(64).optional(),
    dryRun: z.boolean(),
    maxDeletePerRun: z.number().int().min(1).max(100_000),
  })
  .strict();
export type RetentionConfig = z.infer<typeof retentionConfigSchema>;

export const DEFAULT_RETENTION_CONFIG: RetentionConfig = {
  enabled: false,
  maxIssuerSessionAge: '30d',
  schedule: '0 3 * * *',
  dryRun: true,
  maxDeletePerRun: 500,
};

/** RetentionRun of API.md §9; `trigger` and `status` are additions (a run can fail half-way). */
export interface RetentionRun {
  runId: string;
  dryRun: boolean;
  cutoff: string;
  matched: number;
  deleted: number;
  /** Dry run: up to 100 sessions that would be deleted; real run: up to 100 that were. */
  sessionIds: string[];
  startedAt: string;
  finishedAt: string | null;
  trigger: 'manual' | 'schedule';
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  error?: string;
}
