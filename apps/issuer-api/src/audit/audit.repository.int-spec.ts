import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { AuditRecord } from '@issuer/contracts';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { AuditRepository } from './audit.repository';

const silent = pino({ level: 'silent' });
const DAY = 24 * 3_600_000;

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    auditId: randomUUID(),
    at: new Date().toISOString(),
    actor: { type: 'api-key', id: 'team-a' },
    action: 'profile.update',
    target: { type: 'profile', id: 'p' },
    outcome: 'success',
    issuerId: 'acme',
    requestId: randomUUID(),
    address: '127.0.0.1',
    ...overrides,
  };
}

/** The audit table on a real issuer_api schema: append-only in the database, its purge, and its listing. */
describe('issuer_api.audit (real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let audit: AuditRepository;

  before(async () => {
    database = await createTestDatabase('audit');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 2,
        applicationName: 'audit-itest',
      },
      silent,
      true,
    );
    audit = new AuditRepository(db);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  it('appends a record once per auditId, with its outbox row for AUDIT_EVENTS', async () => {
    const first = record();
    await audit.append(first);
    await audit.append({ ...first, outcome: 'failure' });
    const { rows } = await db.sql<{ outcome: string }>(`SELECT outcome FROM issuer_api.audit WHERE audit_id = $1`, [first.auditId]);
    assert.deepEqual(rows, [{ outcome: 'success' }]);
    const outbox = await db.sql<{ subject: string; payload: AuditRecord }>(
      `SELECT subject, payload FROM issuer_api.audit_outbox WHERE id = $1`,
      [first.auditId],
    );
    assert.deepEqual(outbox.rows, [{ subject: 'audit.events.v1.acme.profile.update', payload: first }]);
  });

  it('writes concurrent appends in one statement, in order, each auditId once (also when named twice in the batch)', async () => {
    const records = Array.from({ length: 12 }, () => record());
    const twice = records[3];
    await Promise.all([...records.map((r) => audit.append(r)), audit.append({ ...twice, outcome: 'failure' })]);
    const { rows } = await db.sql<{ audit_id: string; outcome: string }>(
      `SELECT audit_id, outcome FROM issuer_api.audit WHERE audit_id = ANY($1::uuid[]) ORDER BY seq`,
      [records.map((r) => r.auditId)],
    );
    assert.deepEqual(
      rows.map((r) => r.audit_id),
      records.map((r) => r.auditId),
      'one record each, in call order',
    );
    assert.equal(rows[3].outcome, 'success', 'the first write of an auditId wins');
    const outbox = await db.sql<{ id: string }>(`SELECT id FROM issuer_api.audit_outbox WHERE id = ANY($1::uuid[]) ORDER BY seq`, [
      records.map((r) => r.auditId),
    ]);
    assert.deepEqual(
      outbox.rows.map((r) => r.id),
      records.map((r) => r.auditId),
      'one outbox row each, in call order',
    );
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even of old records', async () => {
    const old = record({ at: new Date(Date.now() - 400 * DAY).toISOString() });
    await audit.append(old);
    for (const statement of [
      `UPDATE issuer_api.audit SET outcome = 'denied' WHERE audit_id = '${old.auditId}'`,
      `DELETE FROM issuer_api.audit WHERE audit_id = '${old.auditId}'`,
      `TRUNCATE issuer_api.audit`,
    ])
      await assert.rejects(db.sql(statement), /append-only/, statement);
  });

  it('purges only what is older than the cutoff, and never a record younger than a day', async () => {
    const old = record({ at: new Date(Date.now() - 400 * DAY).toISOString() });
    const recent = record({ at: new Date(Date.now() - 10 * DAY).toISOString() });
    const fresh = record({ at: new Date(Date.now() - DAY / 2).toISOString() });
    for (const r of [old, recent, fresh]) await audit.append(r);
    assert.ok((await audit.purgeBatch(new Date(Date.now() - 365 * DAY))) >= 1);
    const left = async (r: AuditRecord) => (await db.sql(`SELECT 1 FROM issuer_api.audit WHERE audit_id = $1`, [r.auditId])).rowCount === 1;
    assert.deepEqual([await left(old), await left(recent), await left(fresh)], [false, true, true]);
    // A cutoff in the future (a misconfiguration) still leaves the last day alone.
    await assert.rejects(audit.purgeBatch(new Date(Date.now() + DAY)), /append-only/);
    assert.equal(await left(fresh), true);
  });

  it('lists newest first with filters, a keyset cursor, and the reader’s scope', async () => {
    const actor = `actor-${randomUUID()}`;
    const written: AuditRecord[] = [];
    for (const issuerId of ['acme', 'globex', undefined, 'acme', 'acme']) {
      const r = record({ issuerId, actor: { type: 'oidc', id: actor } });
      await audit.append(r);
      written.push(r);
    }
    const mine = { actor, limit: 2 };
    const page1 = await audit.list(mine, 'all');
    assert.deepEqual(
      page1.items.map((r) => r.auditId),
      [written[4]!.auditId, written[3]!.auditId],
    );
    assert.ok(page1.nextCursor);
    const page2 = await audit.list({ ...mine, cursor: page1.nextCursor }, 'all');
    const page3 = await audit.list({ ...mine, cursor: page2.nextCursor }, 'all');
    assert.deepEqual(
      [...page2.items, ...page3.items].map((r) => r.auditId),
      [written[2]!.auditId, written[1]!.auditId, written[0]!.auditId],
    );
    assert.equal(page3.nextCursor, undefined);

    const acmeOnly = await audit.list({ actor, limit: 50 }, { issuers: ['acme'] });
    assert.deepEqual(new Set(acmeOnly.items.map((r) => r.issuerId)), new Set(['acme']));
    const everyIssuer = await audit.list({ actor, limit: 50 }, { issuers: '*' });
    assert.equal(everyIssuer.items.length, 4, 'every issuer, but not the deployment-wide record');
    assert.equal((await audit.list({ actor, issuerId: 'globex', limit: 50 }, { issuers: ['acme'] })).items.length, 0);
    assert.equal((await audit.list({ actor, since: new Date(Date.now() + 60_000).toISOString(), limit: 50 }, 'all')).items.length, 0);
  });
});
