/** RetentionConfig of API.md §9 (deployment-wide). */
export interface RetentionConfig {
  enabled: boolean;
  maxIssuerSessionAge: string;
  schedule: string;
  dryRun: boolean;
  maxDeletePerRun: number;
}

/** RetentionRun of API.md §9 with the additions (trigger, status, error). */
export interface RetentionRun {
  runId: string;
  dryRun: boolean;
  cutoff: string;
  matched: number;
  deleted: number;
  sessionIds: string[];
  startedAt: string;
  finishedAt: string | null;
  trigger: 'manual' | 'schedule';
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  error?: string;
}

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
