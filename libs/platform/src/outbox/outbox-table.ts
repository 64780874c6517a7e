/**
 * DDL of a service's outbox: events are inserted in the same transaction as the state change they
 * describe and published afterwards by the relay, so an event is never lost and never emitted for a
 * change that rolled back. Rows stay after publication (issuer-api replays them to SSE clients).
 *
 * This is the first version of the table, as the services' first migrations created it; `outboxHighWaterMarkUp`
 * (a later migration) turns it into the current one. Applied migrations never change, so neither does this.
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

/** The table holding each outbox's high-water mark, one per schema (see OutboxRelay). */
export function outboxCursorTable(schema: string): string {
  return `"${schema}"."outbox_cursors"`;
}

/**
 * From per-row "published" marks to a high-water mark: every row records the id of the transaction that wrote it
 * (`txid`, an xid8), the relay publishes in (txid, seq) order and keeps its position in `outbox_cursors`, so
 * publishing writes one small row per batch instead of rewriting every event row. Rows already published get
 * txid 1 (below every cursor); rows still waiting get this migration's transaction id (above the initial cursor).
 */
export function outboxHighWaterMarkUp(schema: string, table = 'outbox'): string[] {
  const t = `"${schema}"."${table}"`;
  const cursors = outboxCursorTable(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${cursors} (
      "outbox" text PRIMARY KEY,
      "txid" xid8 NOT NULL,
      "seq" bigint NOT NULL,
      "early" bigint[] NOT NULL DEFAULT '{}'
    )`,
    `ALTER TABLE ${t} ADD COLUMN "txid" xid8 NOT NULL DEFAULT '1'`,
    `UPDATE ${t} SET "txid" = pg_current_xact_id() WHERE "published_at" IS NULL`,
    `ALTER TABLE ${t} ALTER COLUMN "txid" SET DEFAULT pg_current_xact_id()`,
    `DROP INDEX "${schema}"."${table}_unpublished_idx"`,
    `ALTER TABLE ${t} DROP COLUMN "published_at"`,
    `CREATE INDEX "${table}_txid_idx" ON ${t} ("txid", "seq")`,
    `INSERT INTO ${cursors} ("outbox", "txid", "seq") VALUES ('${schema}.${table}', '2', 0)`,
  ];
}

export function outboxHighWaterMarkDown(schema: string, table = 'outbox'): string[] {
  const t = `"${schema}"."${table}"`;
  const cursors = outboxCursorTable(schema);
  return [
    `ALTER TABLE ${t} ADD COLUMN "published_at" timestamptz`,
    `UPDATE ${t} e SET "published_at" = now() FROM ${cursors} c
      WHERE c."outbox" = '${schema}.${table}' AND ((e."txid", e."seq") <= (c."txid", c."seq") OR e."seq" = ANY(c."early"))`,
    `CREATE INDEX "${table}_unpublished_idx" ON ${t} ("seq") WHERE "published_at" IS NULL`,
    `DROP INDEX "${schema}"."${table}_txid_idx"`,
    `ALTER TABLE ${t} DROP COLUMN "txid"`,
    `DELETE FROM ${cursors} WHERE "outbox" = '${schema}.${table}'`,
  ];
}

/** The current outbox table in one go (tests and new tables). */
export function outboxTableLatestUp(schema: string, table = 'outbox'): string[] {
  return [...outboxTableUp(schema, table), ...outboxHighWaterMarkUp(schema, table)];
}

/**
 * SQL condition "this row of `qualifiedTable` (as `alias`) has been published", for statements that must wait for
 * publication (e.g. a purge that would delete the event). `qualifiedTable` is the relay's `schema.table`.
 */
export function outboxPublishedSql(qualifiedTable: string, alias: string): string {
  const schema = qualifiedTable.split('.')[0];
  return `EXISTS (SELECT 1 FROM ${outboxCursorTable(schema)} oc WHERE oc."outbox" = '${qualifiedTable}'
    AND ((${alias}."txid", ${alias}."seq") <= (oc."txid", oc."seq") OR ${alias}."seq" = ANY(oc."early")))`;
}
