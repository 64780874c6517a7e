/**
 * DDL of a service's outbox: events are inserted in the same transaction as the state change they
 * describe and published afterwards by the relay, so an event is never lost and never emitted for a
 * change that rolled back. Rows stay after publication (issuer-api replays them to SSE clients).
 */
export function outboxTableUp(schema: string, table = 'outbox'): string[] {
  const t = `"${schema}"."${table}"`;
  return [
    `CREATE TABLE ${t} (
      "seq" bigserial PRIMARY KEY,
      "id" uuid NOT NULL UNIQUE,
      "subject" text NOT NULL,
      "event" text NOT NULL,
      "issuer_id" text,
      "session_id" text,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz
    )`,
    `CREATE INDEX "${table}_unpublished_idx" ON ${t} ("seq") WHERE "published_at" IS NULL`,
    `CREATE INDEX "${table}_session_idx" ON ${t} ("issuer_id", "session_id", "seq")`,
  ];
}

export function outboxTableDown(schema: string, table = 'outbox'): string[] {
  return [`DROP TABLE "${schema}"."${table}"`];
}
