/** RetentionConfig and RetentionRun of API.md §9 (with the additions trigger, status, error): the platform's own. */
export type { RetentionConfig, RetentionRun } from '@issuer/contracts';

/** An API key as listed (never the key itself). */
export interface ApiKey {
  apiKeyId: string;
  name: string;
  keyPrefix: string;
  roles: string[];
  issuers: string[];
  createdBy: { type: string; id: string };
  createdAt: string;
  expiresAt: string | null;
}

export interface AuditRecord {
  auditId: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id?: string };
  outcome: 'success' | 'denied' | 'failure';
  issuerId?: string;
  requestId: string;
  address: string;
}
