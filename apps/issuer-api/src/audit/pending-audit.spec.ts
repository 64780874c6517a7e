import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolClient } from 'pg';
import type { ServiceDatabase } from '@issuer/platform';
import type { AuditDraft } from './audit-record';
import { appendPendingAudit, sqlWithPendingAudit, type PendingAudit } from './pending-audit';

const draft: AuditDraft = {
  auditId: '0b8a3a52-6c43-4b1f-9d0e-6a1c2f3e4d5b',
  actor: { type: 'admin-key', id: 'a1b2c3d4' },
  action: 'user.create',
  target: { type: 'user' },
  issuerId: 'acme',
  requestId: 'r',
  address: '127.0.0.1',
};

/** A pg client that keeps the statements it is given and answers each with `rowCount` rows. */
function recordingClient(rowCount: number) {
  const statements: { text: string; values: unknown[] }[] = [];
  const client = {
    query: async (text: string, values: unknown[]) => {
      statements.push({ text, values });
      return { rows: Array.from({ length: rowCount }, () => ({})), rowCount };
    },
  };
  return { client: client as unknown as PoolClient, statements };
}

/** A database whose `transaction` runs on the recording client, and whose `sql` (no transaction) is noted. */
function recordingDb(rowCount: number) {
  const { client, statements } = recordingClient(rowCount);
  const plain: string[] = [];
  const db = {
    transaction: async <T>(work: (c: PoolClient) => Promise<T>) => work(client),
    sql: async (text: string) => {
      plain.push(text);
      return { rows: [], rowCount };
    },
  };
  return { db: db as unknown as ServiceDatabase, statements, plain };
}

const auditStatements = (statements: { text: string }[]) => statements.filter((s) => s.text.includes('issuer_api.audit '));

describe('pending audit record (joining a change’s transaction)', () => {
  it('appends the request’s record as a success, with the id of what the statement created', async () => {
    const { client, statements } = recordingClient(1);
    await appendPendingAudit(client, { draft, open: true }, 'alice');
    assert.equal(statements.length, 1);
    const values = statements[0]!.values;
    assert.deepEqual([values[0], values[6], values[7]], [draft.auditId, 'alice', 'success']);
  });

  it('does nothing without a record (not an audited request), or once the request has its outcome', async () => {
    const { client, statements } = recordingClient(1);
    await appendPendingAudit(client, undefined);
    const closed: PendingAudit = { draft, open: false };
    await appendPendingAudit(client, closed);
    assert.equal(statements.length, 0);
  });

  it('sqlWithPendingAudit: the statement and the record in one transaction, only when a row changed', async () => {
    const changed = recordingDb(1);
    await sqlWithPendingAudit(changed.db, { draft, open: true }, 'DELETE FROM x', [], undefined);
    assert.equal(changed.statements.length, 2);
    assert.equal(auditStatements(changed.statements).length, 1);
    assert.deepEqual(changed.plain, []);

    const unchanged = recordingDb(0);
    const result = await sqlWithPendingAudit(unchanged.db, { draft, open: true }, 'DELETE FROM x', []);
    assert.equal(result.rowCount, 0);
    assert.equal(auditStatements(unchanged.statements).length, 0, 'nothing changed: the interceptor records the failure');
  });

  it('sqlWithPendingAudit without a record, or with a closed one, is the plain statement', async () => {
    const { db, statements, plain } = recordingDb(1);
    await sqlWithPendingAudit(db, undefined, 'UPDATE x', []);
    await sqlWithPendingAudit(db, { draft, open: false }, 'UPDATE y', []);
    assert.deepEqual([statements.length, plain], [0, ['UPDATE x', 'UPDATE y']]);
  });
});
