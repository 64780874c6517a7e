import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { StatsRepository, type StatsScope } from './stats.repository';

const silent = pino({ level: 'silent' });
const DAY = 86_400_000;
const FROM = new Date('2026-05-10T00:00:00.000Z');
const at = (iso: string) => new Date(iso);

/** The dashboard aggregates on a real issuer_api schema: what falls in the window and scope, and which index serves it. */
describe('StatsRepository (real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let stats: StatsRepository;

  async function session(issuerId: string, status: string, createdAt: Date, credentials: { format: string; issuedAt: string }[] = []) {
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, credential_offer, credentials, created_at)
       VALUES ($1, $2, 'p', 1, $3, 'pre-authorized_code', $4, 'c', '{}', '{}', $5::jsonb, $6)`,
      [
        `s-${randomUUID()}`,
        issuerId,
        randomUUID(),
        status,
        JSON.stringify(credentials.map((c) => ({ credentialId: randomUUID(), credentialConfigurationId: 'c', ...c }))),
        createdAt,
      ],
    );
  }

  before(async () => {
    database = await createTestDatabase('stats');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 2,
        applicationName: 'stats-itest',
      },
      silent,
      true,
    );
    for (const id of ['acme', 'globex']) await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [id]);
    stats = new StatsRepository(db);

    // acme: two days of issuance in two formats, one batch of two, one open and one expired session.
    await session('acme', 'SUCCESSFUL', at('2026-05-10T08:00:00Z'), [{ format: 'dc+sd-jwt', issuedAt: '2026-05-10T08:01:00Z' }]);
    await session('acme', 'SUCCESSFUL', at('2026-05-11T23:59:00Z'), [
      { format: 'dc+sd-jwt', issuedAt: '2026-05-11T23:59:30Z' },
      { format: 'dc+sd-jwt', issuedAt: '2026-05-11T23:59:30Z' },
    ]);
    // Issued after midnight UTC: the next day, whatever the session's own day.
    await session('acme', 'SUCCESSFUL', at('2026-05-11T23:59:50Z'), [{ format: 'mso_mdoc', issuedAt: '2026-05-12T00:00:10Z' }]);
    await session('acme', 'ACTIVE', at('2026-05-12T10:00:00Z'));
    await session('acme', 'EXPIRED', at('2026-05-12T11:00:00Z'));
    // Before the window: neither its status nor its credential count.
    await session('acme', 'SUCCESSFUL', new Date(FROM.getTime() - 1), [{ format: 'dc+sd-jwt', issuedAt: '2026-05-09T23:59:59Z' }]);
    // globex: one failure and one rejection in the window.
    await session('globex', 'UNSUCCESSFUL', at('2026-05-11T12:00:00Z'));
    await session('globex', 'REJECTED_BY_USER', at('2026-05-11T12:00:00Z'), [{ format: 'jwt_vc_json', issuedAt: '2026-05-11T12:00:05Z' }]);
    // Enough rows elsewhere in time that the planner has something to skip.
    for (let i = 0; i < 200; i++) await session('globex', 'EXPIRED', new Date(FROM.getTime() - (i + 1) * DAY));
    await db.sql('ANALYZE issuer_api.sessions');
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  it('counts issued credentials by UTC day of issuance and format, for the issuers asked', async () => {
    assert.deepEqual(await stats.issuedPerDay({ issuers: ['acme'] }, FROM), [
      { date: '2026-05-10', format: 'dc+sd-jwt', count: 1 },
      { date: '2026-05-11', format: 'dc+sd-jwt', count: 2 },
      { date: '2026-05-12', format: 'mso_mdoc', count: 1 },
    ]);
    assert.deepEqual(await stats.issuedPerDay({ issuers: ['globex'] }, FROM), [{ date: '2026-05-11', format: 'jwt_vc_json', count: 1 }]);
    const all = await stats.issuedPerDay('all', FROM);
    assert.equal(
      all.reduce((sum, d) => sum + d.count, 0),
      5,
    );
    assert.deepEqual(await stats.issuedPerDay({ issuers: ['acme', 'globex'] }, FROM), all);
    assert.deepEqual(await stats.issuedPerDay({ issuers: ['nobody'] }, FROM), []);
    // A later window start leaves out the earlier days.
    assert.deepEqual(await stats.issuedPerDay({ issuers: ['acme'] }, at('2026-05-12T00:00:00Z')), []);
  });

  it('counts the sessions created in the window by status', async () => {
    assert.deepEqual(await stats.sessionsByStatus({ issuers: ['acme'] }, FROM), { SUCCESSFUL: 3, ACTIVE: 1, EXPIRED: 1 });
    assert.deepEqual(await stats.sessionsByStatus({ issuers: ['globex'] }, FROM), { UNSUCCESSFUL: 1, REJECTED_BY_USER: 1 });
    assert.deepEqual(await stats.sessionsByStatus('all', FROM), {
      SUCCESSFUL: 3,
      ACTIVE: 1,
      EXPIRED: 1,
      UNSUCCESSFUL: 1,
      REJECTED_BY_USER: 1,
    });
    // The window's start is inclusive and the older sessions count once it reaches them.
    const older = await stats.sessionsByStatus({ issuers: ['globex'] }, new Date(FROM.getTime() - 10 * DAY));
    assert.equal(older.EXPIRED, 10);
  });

  it('reads the window through the sessions indexes, not by scanning the table', async () => {
    // The repository's own statements, recorded, then explained with sequential scans priced out: a plan that still
    // scans the table would mean no index can serve them.
    const seen: { text: string; params: unknown[] }[] = [];
    const recording = {
      sql: (text: string, params: unknown[]) => {
        seen.push({ text, params });
        return db.sql(text, params);
      },
    } as unknown as ServiceDatabase;
    const recorded = new StatsRepository(recording);
    for (const scope of [{ issuers: ['acme'] }, 'all'] satisfies StatsScope[]) {
      await recorded.sessionsByStatus(scope, FROM);
      await recorded.issuedPerDay(scope, FROM);
    }
    assert.equal(seen.length, 4);
    for (const { text, params } of seen) {
      const plan = await db.transaction(async (client) => {
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      const scoped = (params as unknown[]).length === 2;
      assert.match(plan, scoped ? /sessions_issuer_idx/ : /sessions_created_idx|sessions_issuer_idx/, plan);
      assert.doesNotMatch(plan, /Seq Scan/, plan);
    }
  });
});
