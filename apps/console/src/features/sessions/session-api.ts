import { useQuery } from '@tanstack/react-query';
import { get, post, seg } from '../../api/client';
import type { Delivery, Session, SessionStatus } from './types';

export const sessionPath = (issuerId: string, sessionId: string) => `/issuers/${seg(issuerId)}/sessions/${seg(sessionId)}`;

/** Cache keys (under 'sessions', apart from other areas): a session's own data (refetched when its events arrive) and the lists. */
export const keys = {
  session: (issuerId: string, sessionId: string) => ['sessions', issuerId, 'session', sessionId] as const,
  deliveries: (issuerId: string, sessionId: string) => ['sessions', issuerId, 'session', sessionId, 'deliveries'] as const,
  list: (issuerId: string) => ['sessions', issuerId, 'list'] as const,
};

export const useSession = (issuerId: string, sessionId: string) =>
  useQuery({ queryKey: keys.session(issuerId, sessionId), queryFn: () => get<Session>(sessionPath(issuerId, sessionId)) });

export const useDeliveries = (issuerId: string, sessionId: string) =>
  useQuery({
    queryKey: keys.deliveries(issuerId, sessionId),
    queryFn: () => get<{ items: Delivery[] }>(`${sessionPath(issuerId, sessionId)}/deliveries`).then((r) => r.items),
    // Deliveries are retried in the background without an event of their own: follow them while some are pending.
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'PENDING') ? 5000 : false),
  });

export interface SessionFilter {
  status?: SessionStatus;
  profileId?: string;
  cursor?: string;
}

export const PAGE_SIZE = 25;

export const useSessionList = (issuerId: string, filter: SessionFilter) =>
  useQuery({
    queryKey: [...keys.list(issuerId), filter],
    queryFn: () => get<{ items: Session[]; nextCursor?: string }>(`/issuers/${seg(issuerId)}/sessions`, { ...filter, limit: PAGE_SIZE }),
    // Keep the page on screen while the next one loads, but never show another issuer's sessions.
    placeholderData: (previous, query) => (query?.queryKey[1] === issuerId ? previous : undefined),
  });

/** A token for one SSE stream (docs/api-additions.md): EventSource cannot send the Authorization header. */
export const mintSessionStreamToken = (issuerId: string, sessionId: string) =>
  post<{ token: string; expiresIn: number }>(`${sessionPath(issuerId, sessionId)}/events/token`);
