import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase, type OutboxRelay } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { SessionExpiryRepository } from './session-expiry.repository';

const silent = pino({ level: 'silent' });
const ISSUER = 'expiry-itest';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The expiry sweep on a real issuer_api schema: each due ACTIVE session expires once, live tokens defer it. */
describe('session expiry sweep (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let sweep: SessionExpiryRepository;

  before(async () => {
    database = await createTestDatabase('expiry');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 4,
        applicationName: 'expiry-itest',
      },
      silent,
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    sweep = new SessionExpiryRepository(db, { kick: () => undefined } as unknown as OutboxRelay);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    // Earlier tests' sessions are behind the mark already; start each test with the mark just behind its sessions.
    await db.sql(`UPDATE issuer_api.sweep_marks SET at = now() - interval '1 hour', after_session_id = NULL WHERE name = 'session_expiry'`);
    await db.sql('DELETE FROM issuer_api.sessions');
  });

  /** A session with `expires_at` `expiresInMs` from now (negative: in the past); an access token valid `tokenMs` from now. */
  async function session(status: string, expiresInMs: number, tokenMs?: number, sessionId = `s-${randomUUID()}`): Promise<string> {
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, credential_offer, expires_at, access_token_hash, access_token_expires_at)
       VALUES ($1, $2, 'p', 1, $3, 'pre-authorized_code', $4, 'c', '{}', '{}', now() + make_interval(secs => $5::double precision / 1000),
               CASE WHEN $6::double precision IS NULL THEN NULL ELSE 'h' END,
               now() + make_interval(secs => $6::double precision / 1000))`,
      [sessionId, ISSUER, randomUUID(), status, expiresInMs, tokenMs ?? null],
    );
    return sessionId;
  }
  const state = async (sessionId: string) =>
    (
      await db.sql<{ status: string; expired: boolean; events: number; expires_at: Date }>(
        `SELECT status, expired_at IS NOT NULL AS expired, expires_at,
                (SELECT count(*)::int FROM issuer_api.events e WHERE e.session_id = s.session_id AND e.event = 'issuance_status_changed') AS events
         FROM issuer_api.sessions s WHERE session_id = $1`,
        [sessionId],
      )
    ).rows[0];

  it('expires due ACTIVE sessions once, with expired_at and one status event; leaves others alone', async () => {
    const due = await session('ACTIVE', -60_000);
    const done = await session('SUCCESSFUL', -60_000);
    const later = await session('ACTIVE', 3_600_000);
    const first = await sweep.expireDue();
    assert.deepEqual(first, { scanned: 2, expired: 1 });
    assert.deepEqual(
      { ...(await state(due)), expires_at: undefined },
      { status: 'EXPIRED', expired: true, events: 1, expires_at: undefined },
    );
    assert.equal((await state(done)).status, 'SUCCESSFUL');
    assert.equal((await state(done)).expired, false);
    assert.equal((await state(later)).status, 'ACTIVE');
    // The mark moved past them: a second sweep reads nothing again.
    assert.deepEqual(await sweep.expireDue(), { scanned: 0, expired: 0 });
    assert.equal((await state(due)).events, 1);
  });

  it('walks a backlog in batches, ties on expires_at included, each session once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await session('ACTIVE', -120_000 + (i % 2) * 1000, undefined, `tie-${i}`));
    await db.sql(`UPDATE issuer_api.sessions SET expires_at = date_trunc('second', expires_at)`);
    const batches = [];
    for (let i = 0; i < 10; i++) {
      const result = await sweep.expireDue(3);
      batches.push(result.scanned);
      if (result.scanned < 3) break;
    }
    assert.deepEqual(batches, [3, 3, 1]);
    for (const id of ids) assert.deepEqual([(await state(id)).status, (await state(id)).events], ['EXPIRED', 1], id);
  });

  it('lets replicas sweep at the same time without expiring a session twice', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => session('ACTIVE', -30_000)));
    await Promise.all([sweep.expireDue(5), sweep.expireDue(5), sweep.expireDue(5), sweep.expireDue(5)]);
    while ((await sweep.expireDue(5)).scanned === 5);
    for (const id of ids) assert.equal((await state(id)).events, 1, id);
  });

  it('defers a session whose access token outlives the offer, and expires it when the token has expired', async () => {
    const deferred = await session('ACTIVE', -10_000, 2_500);
    assert.deepEqual(await sweep.expireDue(), { scanned: 1, expired: 0 });
    const moved = await state(deferred);
    assert.equal(moved.status, 'ACTIVE');
    assert.ok(moved.expires_at.getTime() > Date.now(), 'its expiry moved to the token expiry');
    // The token expires 2.5 s from its creation; the sweep stays 2 s behind the clock.
    await sleep(5_000);
    assert.deepEqual(await sweep.expireDue(), { scanned: 1, expired: 1 });
    assert.equal((await state(deferred)).status, 'EXPIRED');
  });
});
