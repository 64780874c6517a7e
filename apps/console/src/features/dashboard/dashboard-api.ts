import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';

export const SESSION_STATUSES = ['SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED', 'ACTIVE'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** `GET /api/v1/stats` (docs/api-additions.md, Dashboard statistics). */
export interface Stats {
  from: string;
  to: string;
  days: number;
  issuerId?: string;
  issuedPerDay: { date: string; format: string; count: number }[];
  sessions: Record<SessionStatus, number>;
  /** null: the notifications service did not answer. */
  webhooks: { pending: number; failed: number; delivered: number } | null;
}

/** The issuers list as `GET /api/v1/issuers` answers it (only what the dashboard reads). */
export interface IssuerSummary {
  id: string;
  display?: { name?: string }[];
}

export function useStats(issuerId: string | undefined, days: number) {
  return useQuery({
    queryKey: ['stats', issuerId ?? '*', days],
    queryFn: () => get<Stats>('/stats', { issuerId, days }),
    // Counts move while credentials are issued: refresh while the page is open.
    refetchInterval: 30_000,
  });
}

/** Shares the cache entry of the issuers pages (same key, the API's answer as it is). */
export function useIssuerList() {
  return useQuery({ queryKey: ['issuers'], queryFn: () => get<{ items: IssuerSummary[] }>('/issuers') });
}
