import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { InProcessBus, outboxPublishedSql, ServiceDatabase, type OutboxRelay } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { SessionsPurgeHandler } from './sessions-purge.handler';

const silent = pino({ level: 'silent' });
const ISSUER = 'purge-itest';
const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** issuer-api's retention purge on a real issuer_api schema: what a run may delete and what it must leave. */
describe('issuer.sessions.purge.v1 (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let handler: SessionsPurgeHandler;

  before(async () => {
    database = await createTestDatabase('purge');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 2,
        applicationName: 'purge-itest',
      },
      silent,
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    handler = new SessionsPurgeHandler(new InProcessBus(silent), db, { kick: () => undefined } as unknown as OutboxRelay);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  /** A session EXPIRED by the expiry sweep `updatedAgoMs` ago, with one event, published or not. */
  async function expiredSession(updatedAgoMs: number, eventPublished: boolean): Promise<string> {
    const sessionId = `s-${randomUUID()}`;
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, credential_offer, updated_at, expired_at)
       VALUES ($1, $2, 'p', 1, $3, 'pre-authorized_code', 'EXPIRED', 'c', '{}', '{}', now() - make_interval(secs => $4::double precision / 1000),
               now() - make_interval(secs => $4::double precision / 1000))`,
      [sessionId, ISSUER, randomUUID(), updatedAgoMs],
    );
    await db.sql(
      // No relay runs here: txid 1 is below the outbox's high-water mark (published), this transaction's id above it.
      `INSERT INTO issuer_api.events (id, subject, event, issuer_id, session_id, payload, txid)
       VALUES ($1, 'issuer.events.v1.x', 'issuance_status_changed', $2, $3, '{}', CASE WHEN $4 THEN '1'::xid8 ELSE pg_current_xact_id() END)`,
      [randomUUID(), ISSUER, sessionId, eventPublished],
    );
    return sessionId;
  }

  const purge = (expiredBefore: string, keep?: { issuerId: string; sessionId: string }[]) =>
    handler.purge({ cutoff: iso(-30 * 24 * HOUR), expiredBefore, keep, limit: 100, dryRun: false, runId: randomUUID() });
  const exists = async (sessionId: string) =>
    (await db.sql(`SELECT 1 FROM issuer_api.sessions WHERE session_id = $1`, [sessionId])).rowCount === 1;
  const ids = (r: { sessions: { sessionId: string }[] }) => r.sessions.map((s) => s.sessionId);

  it('keeps an EXPIRED session within the grace period, and purges it once the grace period is over', async () => {
    const recent = await expiredSession(HOUR, true);
    const old = await expiredSession(25 * HOUR, true);
    const first = await purge(iso(-24 * HOUR));
    assert.deepEqual(ids(first), [old]);
    assert.equal(await exists(recent), true, 'expired an hour ago: still in the 24 h grace period');
    const later = await purge(iso(-HOUR / 2));
    assert.deepEqual(ids(later), [recent]);
  });

  it('without an expiredBefore, the grace period is 24 hours', async () => {
    const recent = await expiredSession(23 * HOUR, true);
    const old = await expiredSession(25 * HOUR, true);
    const result = await handler.purge({ cutoff: iso(-30 * 24 * HOUR), limit: 100, dryRun: false });
    assert.deepEqual(ids(result), [old]);
    assert.equal(await exists(recent), true);
    assert.deepEqual(ids(await purge(iso(0))), [recent]);
  });

  it('never purges a session whose event is not yet published, nor deletes that event; purges it once published', async () => {
    const waiting = await expiredSession(48 * HOUR, false);
    const dry = await handler.purge({ cutoff: iso(0), expiredBefore: iso(0), limit: 100, dryRun: true });
    assert.ok(!ids(dry).includes(waiting), 'not even listed by a dry run');
    assert.deepEqual(ids(await purge(iso(0))), []);
    assert.equal(await exists(waiting), true);
    const { rows } = await db.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM issuer_api.events ev WHERE session_id = $1 AND NOT ${outboxPublishedSql('issuer_api.events', 'ev')}`,
      [waiting],
    );
    assert.equal(rows[0].n, 1, 'the unpublished event is still in the outbox');
    await db.sql(
      `UPDATE issuer_api.outbox_cursors SET txid = (SELECT max(txid) FROM issuer_api.events), seq = (SELECT max(seq) FROM issuer_api.events)
        WHERE outbox = 'issuer_api.events'`,
    );
    assert.deepEqual(ids(await purge(iso(0))), [waiting]);
  });

  it('leaves the sessions named in keep (pending webhook deliveries)', async () => {
    const kept = await expiredSession(48 * HOUR, true);
    const gone = await expiredSession(48 * HOUR, true);
    const result = await purge(iso(0), [{ issuerId: ISSUER, sessionId: kept }]);
    assert.deepEqual(ids(result), [gone]);
    assert.equal(result.matched, 1);
    assert.equal(await exists(kept), true);
    assert.deepEqual(ids(await purge(iso(0))), [kept]);
  });
});
