/** The session shapes of the admin API (API.md §7, §10, docs/api-additions.md). */
export const SESSION_STATUSES = ['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type CredentialStatusValue = 'VALID' | 'REVOKED' | 'SUSPENDED';

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

/** The event envelope, the same on SSE, webhooks and the bus. */
export interface IssuerEvent {
  id: string;
  event: string;
  timestamp: string;
  issuerId: string;
  sessionId?: string;
  profileId?: string;
  requestId?: string;
  data?: Record<string, unknown>;
  error?: string;
  error_description?: string;
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

/** Every event name of API.md §7: EventSource only hands named events to listeners registered for that name. */
export const EVENT_NAMES = [
  'credential_offer_created',
  'credential_offer_retrieved',
  'pushed_authorization_request_succeeded',
  'pushed_authorization_request_failed',
  'authorization_request_succeeded',
  'authorization_request_failed',
  'token_request_pre_authorized_code_succeeded',
  'token_request_pre_authorized_code_failed',
  'token_request_authorization_code_succeeded',
  'token_request_authorization_code_failed',
  'token_request_refresh_token_succeeded',
  'token_request_refresh_token_failed',
  'nonce_request_succeeded',
  'nonce_request_failed',
  'credential_request_sd_jwt_vc_succeeded',
  'credential_request_sd_jwt_vc_failed',
  'credential_request_w3c_vc_succeeded',
  'credential_request_w3c_vc_failed',
  'credential_request_mso_mdoc_succeeded',
  'credential_request_mso_mdoc_failed',
  'deferred_credential_request_succeeded',
  'deferred_credential_request_failed',
  'notification_received',
  'issuance_status_changed',
  'credential_status_changed',
  'session_purged',
] as const;
