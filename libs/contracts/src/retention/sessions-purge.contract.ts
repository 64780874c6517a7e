import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { sessionRefSchema, type SessionRef } from '../notifications/webhook-target.contract';

export const sessionsPurgeRequestSchema = z
  .object({
    /** Sessions created before this instant match. */
    cutoff: z.string().datetime({ offset: true }),
    /**
     * EXPIRED sessions last changed before this instant match too (the webhook grace period, so events of a
     * session that just expired still reach its webhook); absent: 24 hours ago.
     */
    expiredBefore: z.string().datetime({ offset: true }).optional(),
    /** Sessions never purged by this request (notifications still has PENDING deliveries for them). */
    keep: z.array(sessionRefSchema).max(10_000).optional(),
    /** At most this many sessions, oldest first. */
    limit: z.number().int().min(1).max(1000),
    dryRun: z.boolean(),
    /** The retention run, recorded as the `requestId` of each `session_purged` event. */
    runId: z.string().uuid().optional(),
  })
  .strict();
export type SessionsPurgeRequest = z.infer<typeof sessionsPurgeRequestSchema>;

export interface SessionsPurgeResponse {
  /** How many sessions match in total (before this batch). */
  matched: number;
  /** The batch: purged (or, in a dry run, the ones that would be), oldest first. */
  sessions: SessionRef[];
}

/**
 * Answered by issuer-api, where sessions live: deletes one batch of sessions with their events (PII) and
 * writes one `session_purged` event each, in one transaction. Credential status entries are not touched.
 * A session with an event not yet published to the bus is skipped (it matches again next time).
 */
export const IssuerSessionsPurge = defineContract<SessionsPurgeRequest, SessionsPurgeResponse>(
  Subjects.IssuerSessionsPurge,
  sessionsPurgeRequestSchema,
);
