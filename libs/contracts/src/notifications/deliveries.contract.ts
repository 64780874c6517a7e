import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import { sessionRefSchema, type SessionRef } from './webhook-target.contract';
import type { DeliveryDto } from './delivery.types';

export const deliveriesListRequestSchema = sessionRefSchema;
export type DeliveriesListRequest = z.infer<typeof deliveriesListRequestSchema>;

/** A session's webhook deliveries, oldest event first. */
export const NotificationsDeliveriesList = defineContract<DeliveriesListRequest, { items: DeliveryDto[] }>(
  Subjects.NotificationsDeliveriesList,
  deliveriesListRequestSchema,
);

export const redeliverRequestSchema = sessionRefSchema.extend({ eventId: z.string().uuid() }).strict();
export type RedeliverRequest = z.infer<typeof redeliverRequestSchema>;

/** Puts a delivery back to PENDING with a fresh retry budget (NOT_FOUND if the session has no such delivery). */
export const NotificationsDeliveryRedeliver = defineContract<RedeliverRequest, { accepted: true }>(
  Subjects.NotificationsDeliveryRedeliver,
  redeliverRequestSchema,
);

export const deliveriesPurgeRequestSchema = z
  .object({
    sessions: z.array(sessionRefSchema).max(1000),
    /** Also deletes every delivery whose event is older than this (sessions purged while notifications was away). */
    createdBefore: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type DeliveriesPurgeRequest = z.infer<typeof deliveriesPurgeRequestSchema>;

/** Deletes the deliveries (and so the event payloads they hold) of purged sessions; used by data-retention. */
export const NotificationsDeliveriesPurge = defineContract<DeliveriesPurgeRequest, { deleted: number }>(
  Subjects.NotificationsDeliveriesPurge,
  deliveriesPurgeRequestSchema,
);

export const deliveriesPendingRequestSchema = z.object({ limit: z.number().int().min(1).max(10_000) }).strict();
export type DeliveriesPendingRequest = z.infer<typeof deliveriesPendingRequestSchema>;

/**
 * The sessions that still have PENDING deliveries (at most `limit`; `truncated` when there are more), so
 * data-retention keeps them until their webhooks are DELIVERED or DEAD.
 */
export const NotificationsDeliveriesPending = defineContract<DeliveriesPendingRequest, { sessions: SessionRef[]; truncated: boolean }>(
  Subjects.NotificationsDeliveriesPending,
  deliveriesPendingRequestSchema,
);
