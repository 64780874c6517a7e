import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import type { ApiKey, AuditRecord, RetentionConfig, RetentionRun } from './types';

export const settingsKeys = {
  retention: ['retention'] as const,
  retentionRuns: ['retention', 'runs'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (filters: AuditFilters) => ['audit', filters] as const,
};

export interface AuditFilters {
  issuerId?: string;
  actor?: string;
  since?: string;
}

export function useRetentionConfig(enabled = true) {
  return useQuery({ queryKey: settingsKeys.retention, queryFn: () => get<RetentionConfig>('/retention'), enabled });
}

export function useRetentionRuns(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.retentionRuns,
    queryFn: () => get<{ items: RetentionRun[] }>('/retention/runs').then((a) => a.items),
    enabled,
  });
}

export function useApiKeys(enabled = true) {
  return useQuery({ queryKey: settingsKeys.apiKeys, queryFn: () => get<{ items: ApiKey[] }>('/api-keys').then((a) => a.items), enabled });
}

/** The audit log newest first, a page of 50 at a time, following `nextCursor`. */
export function useAuditLog(filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: settingsKeys.audit(filters),
    queryFn: ({ pageParam }) => get<{ items: AuditRecord[]; nextCursor?: string }>('/audit', { ...filters, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}
