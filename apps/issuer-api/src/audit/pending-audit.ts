import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { ServiceDatabase } from '@issuer/platform';
import { auditRecord, type AuditDraft } from './audit-record';
import { auditInsertSql } from './audit-sql';

/** The record of the admin change a request is making, while its handler runs (audit.interceptor.ts). */
export interface PendingAudit {
  draft: AuditDraft;
  /** False once the request has its outcome: work the request left running (timers, caches) joins nothing. */
  open: boolean;
}

const pending = new AsyncLocalStorage<PendingAudit>();

/** Runs `work` (the handler) with its request's record at hand for the repositories below. */
export function withPendingAudit<T>(record: PendingAudit, work: () => T): T {
  return pending.run(record, work);
}

function current(): PendingAudit | undefined {
  const record = pending.getStore();
  return record?.open ? record : undefined;
}

/**
 * Appends the current request's record, as a success, to the caller's transaction: the record commits or rolls back
 * with the change (API.md §13). Called by repositories right after the statement that made the change, and only when
 * it changed something. Outside an audited admin request it does nothing. `createdId` names what the statement made.
 * The interceptor still writes its record afterwards under the same auditId; once this one committed, that is a no-op.
 */
export async function appendPendingAudit(client: PoolClient, createdId?: string): Promise<void> {
  const record = current();
  if (!record) return;
  const { text, values } = auditInsertSql(auditRecord(record.draft, 'success', createdId));
  await client.query(text, values);
}

/**
 * One statement, with the current request's record in its transaction when the statement changed a row (rowCount > 0).
 * Outside an audited admin request this is `db.sql` (one round trip, no transaction).
 */
export async function sqlWithPendingAudit<T = Record<string, unknown>>(
  db: ServiceDatabase,
  text: string,
  parameters: unknown[],
  createdId?: string,
): Promise<{ rows: T[]; rowCount: number }> {
  if (!current()) return db.sql<T>(text, parameters);
  return db.transaction(async (client) => {
    const result = await client.query(text, parameters);
    const rowCount = result.rowCount ?? 0;
    if (rowCount > 0) await appendPendingAudit(client, createdId);
    return { rows: result.rows as T[], rowCount };
  });
}
