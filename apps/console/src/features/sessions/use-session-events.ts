import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { seg } from '../../api/client';
import { EventStream, type StreamStatus } from './event-stream';
import { keys, mintSessionStreamToken } from './session-api';
import type { IssuerEvent } from './types';

interface StreamView {
  /** Which stream the state belongs to: another session starts empty. */
  key: string;
  events: IssuerEvent[];
  status: StreamStatus;
  error?: unknown;
}

/**
 * The session's events over SSE: its past events (the stream replays them) then live ones, each once. Every event
 * may have changed the session (status, credentials, deliveries), so its data is refetched shortly after.
 */
export function useSessionEvents(issuerId: string, sessionId: string) {
  const queryClient = useQueryClient();
  const key = `${issuerId}\n${sessionId}`;
  const [view, setView] = useState<StreamView>({ key, events: [], status: 'connecting' });
  const seen = useRef(new Set<string>());

  useEffect(() => {
    seen.current = new Set();
    const update = (change: (current: StreamView) => Partial<StreamView>) =>
      setView((current) => {
        const base = current.key === key ? current : { key, events: [], status: 'connecting' as const };
        return { ...base, ...change(base) };
      });
    let refetch: ReturnType<typeof setTimeout> | undefined;
    const stream = new EventStream({
      url: `/api/v1/issuers/${seg(issuerId)}/sessions/${seg(sessionId)}/events`,
      mintToken: () => mintSessionStreamToken(issuerId, sessionId),
      onStatus: (status, error) => update(() => ({ status, error })),
      onEvent: (event) => {
        if (seen.current.has(event.id)) return; // a reopened stream may replay what was already shown
        seen.current.add(event.id);
        update((current) => ({ events: [...current.events, event] }));
        // A replay delivers many events at once: one refetch after the burst, not one per event.
        clearTimeout(refetch);
        refetch = setTimeout(() => void queryClient.invalidateQueries({ queryKey: keys.session(issuerId, sessionId) }), 150);
      },
    });
    stream.start();
    return () => {
      clearTimeout(refetch);
      stream.stop();
    };
  }, [key, issuerId, sessionId, queryClient]);

  return view.key === key ? view : { key, events: [], status: 'connecting' as StreamStatus, error: undefined };
}
