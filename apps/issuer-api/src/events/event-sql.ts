import type { EventName } from '@issuer/contracts';

/** Collects positional parameters while a statement is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface EventSpec {
  event: EventName;
  data?: Record<string, unknown>;
  error?: string;
  errorDescription?: string;
}

export const EVENTS_TABLE = 'issuer_api.events';

/**
 * `INSERT INTO events SELECT ...` writing each spec once per row of `source` (a CTE or subquery with
 * `issuer_id`, `session_id` and `profile_id` columns), in the order given. It is meant to be part of the
 * statement that changes the state, so the outbox row commits or rolls back with it. The envelope is
 * built in SQL because the session id is often known only from the RETURNING of that same statement.
 * `rowDataSql` (a jsonb expression over `src`) adds per-row fields to `data`.
 */
export function insertEventsSql(
  source: string,
  requestId: string | undefined,
  specs: EventSpec[],
  p: SqlParams,
  rowDataSql?: string,
): string {
  const request = p.add(requestId ?? null);
  const rows = specs
    .map(
      (spec, index) =>
        `(${index}, ${p.add(spec.event)}::text, ${p.add(spec.data ? JSON.stringify(spec.data) : null)}::jsonb, ${p.add(spec.error ?? null)}::text, ${p.add(spec.errorDescription ?? null)}::text)`,
    )
    .join(', ');
  const data = rowDataSql ? `COALESCE(spec.data, '{}'::jsonb) || (${rowDataSql})` : 'spec.data';
  return `INSERT INTO ${EVENTS_TABLE} (id, subject, event, issuer_id, session_id, payload)
    SELECT ev.id, 'issuer.events.v1.' || ev.issuer_id || '.' || COALESCE(ev.session_id, 'none') || '.' || ev.event,
           ev.event, ev.issuer_id, ev.session_id,
           jsonb_strip_nulls(jsonb_build_object(
             'id', ev.id, 'event', ev.event,
             'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'issuerId', ev.issuer_id, 'sessionId', ev.session_id, 'profileId', ev.profile_id, 'requestId', ${request}::text,
             'error', ev.error, 'error_description', ev.error_description))
           || CASE WHEN ev.data IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('data', ev.data) END
    FROM (SELECT gen_random_uuid() AS id, src.issuer_id::text AS issuer_id, src.session_id::text AS session_id,
                 src.profile_id::text AS profile_id, spec.event, ${data} AS data, spec.error, spec.error_description, spec.ord
          FROM ${source} src CROSS JOIN (VALUES ${rows}) AS spec(ord, event, data, error, error_description)) ev
    ORDER BY ev.session_id, ev.ord`;
}

/** A one-row source for events of one issuer that belong to no session (or to a known one). */
export function literalSource(p: SqlParams, issuerId: string, sessionId?: string, profileId?: string): string {
  return `(SELECT ${p.add(issuerId)}::text AS issuer_id, ${p.add(sessionId ?? null)}::text AS session_id, ${p.add(profileId ?? null)}::text AS profile_id)`;
}
