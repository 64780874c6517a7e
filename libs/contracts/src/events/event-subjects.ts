import type { EventName } from './event-names';

/** JetStream stream holding every issuer event. */
export const ISSUER_EVENTS_STREAM = 'ISSUER_EVENTS';
export const ISSUER_EVENTS_SUBJECT_ROOT = 'issuer.events.v1';

/** Subject tokens may not contain `.`, `*`, `>` or whitespace; ids are slugs/uuids, this guards the rest. */
function token(value: string): string {
  return value.replace(/[.*>\s]/g, '_');
}

/** `issuer.events.v1.<issuerId>.<sessionId or "none">.<event>` */
export function eventSubject(issuerId: string, sessionId: string | undefined, event: EventName): string {
  return `${ISSUER_EVENTS_SUBJECT_ROOT}.${token(issuerId)}.${sessionId ? token(sessionId) : 'none'}.${event}`;
}

/** Wildcard for every event of one issuer, or of one session of it. */
export function eventSubjectFilter(issuerId: string, sessionId?: string): string {
  return sessionId
    ? `${ISSUER_EVENTS_SUBJECT_ROOT}.${token(issuerId)}.${token(sessionId)}.*`
    : `${ISSUER_EVENTS_SUBJECT_ROOT}.${token(issuerId)}.>`;
}
