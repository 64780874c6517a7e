import { Inject, Injectable } from '@nestjs/common';
import type { AuditRecord } from '@issuer/contracts';
import { MicroBatcher, outboxPublishedSql, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { SqlParams } from '../events/event-sql';
import { AUDIT_COLUMNS, AUDIT_OUTBOX_TABLE, AUDIT_TABLE, auditInsertManySql, toAuditRecord, type AuditRow } from './audit-sql';

/** Which records a reader may see: all (platform-admin), or those of some issuers ('*': every issuer, not the platform's). */
export type AuditVisibility = 'all' | { issuers: string[] | '*' };

export interface AuditFilter {
  issuerId?: string;
  actor?: string;
  since?: string;
  /** The `seq` of the last record of the previous page. */
  cursor?: string;
  limit: number;
}

/** Records deleted per purge statement: keeps each transaction (and its row locks) short. */
const PURGE_BATCH = 5000;

/** issuer_api.audit (append-only, migration 1765600000000) and its outbox. */
@Injectable()
export class AuditRepository {
  /** Concurrent admin changes (an offer burst) share one statement for their records. */
  private readonly appends = new MicroBatcher(async (records: AuditRecord[]) => {
    const { text, values } = auditInsertManySql(records);
    await this.db.sql(text, values, { prepared: true });
    return records.map(() => undefined);
  });

  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** Appends a record outside the change's transaction (after the fact); a no-op if its auditId was written already. */
  append(record: AuditRecord): Promise<void> {
    return this.appends.run(record);
  }

  /** Newest first, keyset-paginated on `seq`. */
  async list(filter: AuditFilter, visibility: AuditVisibility): Promise<{ items: AuditRecord[]; nextCursor?: string }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (visibility !== 'all')
      where.push(visibility.issuers === '*' ? 'issuer_id IS NOT NULL' : `issuer_id = ANY(${p.add(visibility.issuers)}::text[])`);
    if (filter.issuerId !== undefined) where.push(`issuer_id = ${p.add(filter.issuerId)}`);
    if (filter.actor !== undefined) where.push(`actor_id = ${p.add(filter.actor)}`);
    // As a Date: pg writes years before 1 as BC, which PostgreSQL's own ISO parser refuses (year 0000).
    if (filter.since !== undefined) where.push(`at >= ${p.add(new Date(filter.since))}::timestamptz`);
    if (filter.cursor !== undefined) where.push(`seq < ${p.add(filter.cursor)}::bigint`);
    const { rows } = await this.db.sql<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT ${p.add(filter.limit + 1)}`,
      p.values,
    );
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(toAuditRecord),
      ...(rows.length > filter.limit ? { nextCursor: page[page.length - 1]!.seq } : {}),
    };
  }

  /**
   * Deletes one batch of records older than `before`; returns how many. The only DELETE the append-only trigger lets
   * through: it is marked as the purge for its own transaction (SET LOCAL), and records younger than a day stay anyway.
   * Rows another replica is purging at the same moment are skipped, not waited for.
   */
  async purgeBatch(before: Date): Promise<number> {
    return this.db.transaction(async (client) => {
      await client.query(`SET LOCAL issuer_api.audit_purge = 'on'`);
      const { rowCount } = await client.query(
        `DELETE FROM ${AUDIT_TABLE} WHERE seq IN (SELECT seq FROM ${AUDIT_TABLE} WHERE at < $1 ORDER BY seq LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)`,
        [before],
      );
      return rowCount ?? 0;
    });
  }

  /** Whether a purge batch came back full (another one may follow). */
  static isFullBatch(count: number): boolean {
    return count >= PURGE_BATCH;
  }

  /** Outbox rows already on AUDIT_EVENTS: the record of them is the audit table, so they go after `before`. */
  async purgePublished(before: Date): Promise<number> {
    return (
      await this.db.sql(`DELETE FROM ${AUDIT_OUTBOX_TABLE} o WHERE o.created_at < $1 AND ${outboxPublishedSql(AUDIT_OUTBOX_TABLE, 'o')}`, [
        before,
      ])
    ).rowCount;
  }
}
