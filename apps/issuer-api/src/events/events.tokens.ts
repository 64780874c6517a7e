/** Injection token of the OutboxRelay that publishes issuer_api.events. */
export const ISSUER_EVENTS_RELAY = Symbol('ISSUER_EVENTS_RELAY');
