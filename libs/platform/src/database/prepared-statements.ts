import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/** Statements whose name was worked out; the texts of hot statements are few, so this stays small. */
const MAX_NAMED_TEXTS = 1000;

/**
 * Names statement texts for PostgreSQL's extended protocol. A named statement is parsed and analysed once per
 * connection (pg sends Parse only the first time), and after five executions PostgreSQL may keep a generic plan
 * instead of planning every call (plan_cache_mode auto: only when the generic plan is not dearer than the
 * custom ones). The name is a hash of the text, so one name always means one text, whichever connection or
 * replica prepared it.
 *
 * Only for statements whose text comes from a small fixed set: every distinct text stays prepared on every
 * connection that ran it, for the connection's life.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  /** The query for `text`: named when prepared statements are on, else unnamed (planned on every call). */
  query(text: string, values: unknown[] | undefined): QueryConfig {
    return this.enabled ? { name: this.nameOf(text), text, values } : { text, values };
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMED_TEXTS) this.names.clear();
      name = `p${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

/**
 * SQLSTATEs after which a prepared statement cannot be used as it is, but the same text unnamed can: 0A000
 * "cached plan must not change result type" (a migration changed the type of a column the statement returns),
 * 26000 invalid_sql_statement_name and 42P05 duplicate_prepared_statement (a pooler in transaction mode without
 * prepared statement support sent it to a server connection that never prepared it, or that another client's
 * connection prepared already). pg-pool closes the connection after any error, so the statement's next use
 * prepares it afresh on another connection.
 */
const STALE_PREPARED_SQLSTATES = new Set(['0A000', '26000', '42P05']);

export function isStalePreparedStatement(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && STALE_PREPARED_SQLSTATES.has(code);
}
