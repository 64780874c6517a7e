import type { PoolClient } from 'pg';
import type { ServiceDatabase } from '@issuer/platform';
import type { AuditRecord } from '@issuer/contracts';
import { auditRecord, type AuditDraft } from './audit-record';
import { auditInsertSql } from './audit-sql';

/**
 * The record of the admin change a request is making, while its handler runs. audit.interceptor.ts makes it, the
 * handler receives it (`@CurrentAudit()`, request-audit.ts) and hands it to the repository that makes the change.
 * Passed explicitly, not kept in an async context store (node:async_hooks): on Node 20 one used once keeps promise hooks
 * on for the whole process, and every promise of every request, the wallet's too, pays for them (promise-hooks.spec.ts).
 */
export interface PendingAudit {
  draft: AuditDraft;
  /** False once the request has its outcome: work the request left running (timers, caches) joins nothing. */
  open: boolean;
  /** Set once the change's own committed statement wrote the success record: the interceptor then writes nothing. */
  recorded?: boolean;
}

const joinable = (audit: PendingAudit | undefined): audit is PendingAudit => audit?.open === true;

/**
 * The success record for a repository that writes it in the statement making the change (offer creation), or
 * undefined when there is none to join. After that statement committed, the repository calls `markAuditRecorded`.
 */
export function pendingSuccessRecord(audit: PendingAudit | undefined, createdId?: string): AuditRecord | undefined {
  return joinable(audit) ? auditRecord(audit.draft, 'success', createdId) : undefined;
}

/** The change's committed statement holds its record: the interceptor's after-the-fact write would be a no-op. */
export function markAuditRecorded(audit: PendingAudit | undefined): void {
  if (joinable(audit)) audit.recorded = true;
}

/**
 * Appends the request's record, as a success, to the caller's transaction: the record commits or rolls back with the
 * change (API.md §13). Called by repositories right after the statement that made the change, and only when it changed
 * something. Without a record (not an audited admin request) it does nothing. `createdId` names what the statement made.
 * Once the transaction committed, the caller marks the record (`markAuditRecorded`) and the interceptor writes nothing
 * more; a caller that does not still gets one record: the interceptor's write under the same auditId is then a no-op.
 */
export async function appendPendingAudit(client: PoolClient, audit: PendingAudit | undefined, createdId?: string): Promise<void> {
  if (!joinable(audit)) return;
  const { text, values } = auditInsertSql(auditRecord(audit.draft, 'success', createdId));
  await client.query(text, values);
}

/**
 * One statement, with the request's record in its transaction when the statement changed a row (rowCount > 0).
 * Without a record this is `db.sql` (one round trip, no transaction).
 */
export async function sqlWithPendingAudit<T = Record<string, unknown>>(
  db: ServiceDatabase,
  audit: PendingAudit | undefined,
  text: string,
  parameters: unknown[],
  createdId?: string,
): Promise<{ rows: T[]; rowCount: number }> {
  if (!joinable(audit)) return db.sql<T>(text, parameters);
  const result = await db.transaction(async (client) => {
    const result = await client.query(text, parameters);
    const rowCount = result.rowCount ?? 0;
    if (rowCount > 0) await appendPendingAudit(client, audit, createdId);
    return { rows: result.rows as T[], rowCount };
  });
  if (result.rowCount > 0) markAuditRecorded(audit);
  return result;
}
