import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

export const deliveriesCountsRequestSchema = z
  .object({
    /** The issuers counted; absent: every issuer (a principal of every issuer asks). */
    issuerIds: z.array(z.string().min(1).max(128)).max(10_000).optional(),
    /** DELIVERED and DEAD deliveries of events created since then; PENDING ones are counted whatever their age. */
    since: z.string().datetime({ offset: true }),
  })
  .strict();
export type DeliveriesCountsRequest = z.infer<typeof deliveriesCountsRequestSchema>;

export interface DeliveriesCountsResponse {
  /** The backlog: deliveries still being tried (any age). */
  pending: number;
  /** Deliveries given up (DEAD) among those created since `since`. */
  failed: number;
  /** Deliveries DELIVERED among those created since `since`. */
  delivered: number;
}

/** Webhook delivery counts for the admin dashboard (`GET /api/v1/stats`), answered by notifications. */
export const NotificationsDeliveriesCounts = defineContract<DeliveriesCountsRequest, DeliveriesCountsResponse>(
  Subjects.NotificationsDeliveriesCounts,
  deliveriesCountsRequestSchema,
);
