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
  /** A jsonb expression over the source row `src`, merged into this spec's `data` (per-row values). */
  rowDataSql?: string;
  /** A boolean expression over `src`: the event is written only for the rows where it holds. */
  onlyWhereSql?: string;
}

export const EVENTS_TABLE = 'issuer_api.events';

/**
 * The INSERT that turns rows of `ev` (columns id, issuer_id, session_id, profile_id, request_id, event,
 * data, error, error_description, ord) into outbox rows with the API.md §7 envelope. The envelope is built
 * in SQL because the session id is often known only from the RETURNING of the same statement.
 */
function insertEnvelopesSql(ev: string): string {
  return `INSERT INTO ${EVENTS_TABLE} (id, subject, event, issuer_id, session_id, payload)
    SELECT ev.id, 'issuer.events.v1.' || ev.issuer_id || '.' || COALESCE(ev.session_id, 'none') || '.' || ev.event,
           ev.event, ev.issuer_id, ev.session_id,
           jsonb_strip_nulls(jsonb_build_object(
             'id', ev.id, 'event', ev.event,
             'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'issuerId', ev.issuer_id, 'sessionId', ev.session_id, 'profileId', ev.profile_id, 'requestId', ev.request_id,
             'error', ev.error, 'error_description', ev.error_description))
           || CASE WHEN ev.data IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('data', ev.data) END
    FROM ${ev} ev
    ORDER BY ev.session_id, ev.ord`;
}

/**
 * `INSERT INTO events SELECT ...` writing each spec once per row of `source` (a CTE or subquery with
 * `issuer_id`, `session_id` and `profile_id` columns), in the order given. It is meant to be part of the
 * statement that changes the state, so the outbox row commits or rolls back with it. `requestId` is one
 * value for all rows, or `{ column }` of `source` when rows come from different requests. `rowDataSql`
 * (a jsonb expression over `src`) adds per-row fields to `data`; a spec's `onlyWhereSql` limits it to some rows.
 * Events of one statement must come from one call: separate INSERTs in one statement commit in no set order.
 */
export function insertEventsSql(
  source: string,
  requestId: string | undefined | { column: string },
  specs: EventSpec[],
  p: SqlParams,
  rowDataSql?: string,
): string {
  const request = typeof requestId === 'object' ? `src.${requestId.column}::text` : `${p.add(requestId ?? null)}::text`;
  const rows = specs
    .map(
      (spec, index) =>
        `(${index}, ${p.add(spec.event)}::text, ${p.add(spec.data ? JSON.stringify(spec.data) : null)}::jsonb, ${p.add(spec.error ?? null)}::text, ${p.add(spec.errorDescription ?? null)}::text)`,
    )
    .join(', ');
  const merged = (sql: string) => `COALESCE(spec.data, '{}'::jsonb) || (${sql})`;
  const perSpec = specs.flatMap((spec, index) => (spec.rowDataSql ? [`WHEN ${index} THEN ${merged(spec.rowDataSql)}`] : [])).join(' ');
  const fallback = rowDataSql ? merged(rowDataSql) : 'spec.data';
  const data = perSpec ? `CASE spec.ord ${perSpec} ELSE ${fallback} END` : fallback;
  const conditions = specs.flatMap((spec, index) => (spec.onlyWhereSql ? [`WHEN ${index} THEN (${spec.onlyWhereSql})`] : [])).join(' ');
  const where = conditions ? `WHERE CASE spec.ord ${conditions} ELSE true END` : '';
  return insertEnvelopesSql(`(SELECT gen_random_uuid() AS id, src.issuer_id::text AS issuer_id, src.session_id::text AS session_id,
                 src.profile_id::text AS profile_id, ${request} AS request_id, spec.event, ${data} AS data, spec.error,
                 spec.error_description, spec.ord
          FROM ${source} src CROSS JOIN (VALUES ${rows}) AS spec(ord, event, data, error, error_description) ${where})`);
}

/** One fully specified event (its issuer, session and request), for batched inserts of many requests' events. */
export interface EventRow extends EventSpec {
  issuerId: string;
  sessionId?: string;
  profileId?: string;
  requestId?: string;
  /**
   * Instead of `sessionId`/`profileId`: the session of this access token (the session id it names and its secret's
   * hash), if it is this issuer's and unexpired; issuer-wide otherwise. Looked up by the same statement.
   */
  accessToken?: { sessionId: string; hash: string };
}

/** Inserts many independent events in one statement, in the order given. */
export function insertEventRowsSql(rows: EventRow[], p: SqlParams): string {
  const input = p.add(
    JSON.stringify(
      rows.map((r, ord) => ({
        ord,
        issuer_id: r.issuerId,
        session_id: r.sessionId ?? null,
        profile_id: r.profileId ?? null,
        request_id: r.requestId ?? null,
        event: r.event,
        data: r.data ?? null,
        error: r.error ?? null,
        error_description: r.errorDescription ?? null,
        ...(r.accessToken ? { token_session_id: r.accessToken.sessionId, token_hash: r.accessToken.hash } : {}),
      })),
    ),
  );
  const columns = `ord int, issuer_id text, session_id text, profile_id text, request_id text, event text, data jsonb, error text,
          error_description text`;
  if (!rows.some((r) => r.accessToken))
    return insertEnvelopesSql(`(SELECT gen_random_uuid() AS id, x.* FROM jsonb_to_recordset(${input}::jsonb) AS x(${columns}))`);
  // The token's session by its primary key; the hint keeps the join an index probe per row (rowsHint).
  return insertEnvelopesSql(`(SELECT gen_random_uuid() AS id, x.ord, x.issuer_id, COALESCE(x.session_id, s.session_id) AS session_id,
          COALESCE(x.profile_id, s.profile_id) AS profile_id, x.request_id, x.event, x.data, x.error, x.error_description
        FROM (SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(${columns}, token_session_id text, token_hash text) ${rowsHint(rows.length)}) x
        LEFT JOIN issuer_api.sessions s ON s.session_id = x.token_session_id AND s.access_token_hash = x.token_hash
          AND s.issuer_id = x.issuer_id AND s.access_token_expires_at > now())`);
}

/**
 * `LIMIT n` for a CTE over `jsonb_to_recordset` of about n batched items. The planner assumes 100 rows from a
 * set-returning function, and with that it may join a small or mid-sized sessions table by a sequential scan; the
 * limit tells it the count, so each item is one index probe. n is the count rounded up to a power of two, at least 8
 * (the plan of 1 to 8 probes is the same), so a statement has two or three texts in practice rather than one per batch
 * size: each text is prepared per connection and planned custom five times before PostgreSQL may keep a generic plan.
 */
export function rowsHint(count: number): string {
  return `LIMIT ${2 ** Math.max(3, Math.ceil(Math.log2(Math.max(1, count))))}`;
}
