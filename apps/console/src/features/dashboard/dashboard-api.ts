import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { useIssuers } from '../../api/use-issuers';

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

/** The issuers in scope (the shared issuers query, api/use-issuers.ts). */
export const useIssuerList = () => useIssuers<IssuerSummary>();
