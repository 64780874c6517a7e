import type { EventName } from './event-names';

/** The envelope of every event: identical on SSE, webhooks and the bus (API.md §7). */
export interface IssuerEvent {
  id: string;
  event: EventName;
  timestamp: string;
  issuerId: string;
  sessionId?: string;
  profileId?: string;
  requestId?: string;
  data?: Record<string, unknown>;
  error?: string;
  error_description?: string;
}
