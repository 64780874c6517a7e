/** Delivery states (API.md §10): retried while PENDING, then DELIVERED or DEAD. */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One webhook delivery of one event, as `GET .../sessions/{sessionId}/deliveries` lists it (API.md §10). */
export interface DeliveryDto {
  eventId: string;
  event: string;
  url: string;
  attempts: number;
  status: DeliveryStatus;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}
