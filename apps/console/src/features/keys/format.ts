/** A timestamp as the console shows it: local date and time, minutes precision. */
export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const ownerLabel = (issuerId: string | undefined) => issuerId ?? 'Platform';

/** The first characters of a long id, for tables (the full id is in the title and on the detail page). */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
