import type { CredentialStatusValue } from '@issuer/contracts';

/** The session shapes of the admin API (API.md §7, §10, docs/api-additions.md). */
export const SESSION_STATUSES = ['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type { CredentialStatusValue };

export interface CredentialStatus {
  type: string;
  uri: string;
  index: number;
  value: CredentialStatusValue;
  entries?: { purpose: string; uri: string; index: number }[];
}

export interface SessionCredential {
  credentialId: string;
  format: string;
  credentialConfigurationId: string;
  issuedAt: string;
  status?: CredentialStatus;
  notificationId?: string;
  notification?: { event: string; at: string };
}

// Not imported from apps/issuer-api's sessions/session.types.ts (SessionDto): that is a Node app's module, not a library.
export interface Session {
  sessionId: string;
  issuerId: string;
  profileId: string;
  profileVersion: number;
  authMethod: string;
  status: SessionStatus;
  statusReason?: string;
  createdAt: string;
  expiresAt: string | null;
  credentials: SessionCredential[];
  credentialOffer?: { credential_issuer: string; credential_configuration_ids: string[]; grants?: Record<string, unknown> };
}

export interface Delivery {
  eventId: string;
  event: string;
  url: string;
  attempts: number;
  status: 'PENDING' | 'DELIVERED' | 'DEAD';
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/**
 * Every event name of API.md §7 (EventSource only hands named events to listeners registered for that name) and the
 * event envelope, the same on SSE, webhooks and the bus: the platform's own, from libs/contracts.
 */
export { EVENT_NAMES } from '@issuer/contracts';
export type { EventName, IssuerEvent } from '@issuer/contracts';
