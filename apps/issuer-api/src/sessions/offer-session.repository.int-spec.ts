import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { AuditRecord } from '@issuer/contracts';
import { ServiceDatabase, type OutboxRelay } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import type { ProfileBody } from '../profiles/profile.schema';
import { OfferSessionRepository, type NewSession } from './offer-session.repository';
import { SessionSnapshotStore } from './session-snapshot.store';

const silent = pino({ level: 'silent' });
const ISSUER = 'offers-itest';

/** Offer creation on a real issuer_api schema: a profile's own snapshot is stored once by hash, overridden ones per session. */
describe('offer sessions and their snapshots (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;

  before(async () => {
    database = await createTestDatabase('offers');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 2,
        applicationName: 'offers-itest',
      },
      silent,
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    await db.sql(
      `INSERT INTO issuer_api.profiles (issuer_id, profile_id, version, status, body)
       VALUES ($1, 'p', 1, 'ACTIVE', '{}'), ($1, 'retired', 1, 'ACTIVE', '{}')`,
      [ISSUER],
    );
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  const profile = { name: 'Identity', credentialConfigurationId: 'identity' } as unknown as Omit<ProfileBody, 'id'>;
  const configuration = { format: 'dc+sd-jwt', vct: 'https://example.org/identity' };
  const session = (shareSnapshot: boolean, snapshotProfile = profile): NewSession => ({
    sessionId: `s-${randomUUID()}`,
    offerId: randomUUID(),
    profileId: 'p',
    profileVersion: 1,
    authMethod: 'PRE_AUTHORIZED',
    credentialConfigurationId: 'identity',
    snapshot: { profile: snapshotProfile, credentialConfiguration: configuration },
    shareSnapshot,
    credentialOffer: { credential_issuer: 'https://issuer.example', credential_configuration_ids: ['identity'], grants: {} },
    preAuthCodeHash: randomUUID(),
    txCodeHash: null,
    issuerStateHash: null,
    expiresAt: new Date(Date.now() + 60_000),
  });
  const stored = async (sessionId: string) =>
    (
      await db.sql<{ own: boolean; hash: string | null }>(
        'SELECT snapshot IS NOT NULL AS own, snapshot_hash AS hash FROM issuer_api.sessions WHERE session_id = $1',
        [sessionId],
      )
    ).rows[0];

  it('stores a shared snapshot once, across batches and across replicas, and overridden ones in their rows', async () => {
    const relay = { kick: () => undefined } as unknown as OutboxRelay;
    // Two repositories with their own stores: two replicas, neither knowing what the other stored.
    const replicas = [
      new OfferSessionRepository(db, relay, new SessionSnapshotStore(db)),
      new OfferSessionRepository(db, relay, new SessionSnapshotStore(db)),
    ];
    const shared = [session(true), session(true), session(true)];
    const overridden = session(false, { ...profile, credentialData: { given_name: 'Erika' } } as typeof profile);
    await replicas[0].createWithOffers(ISSUER, [shared[0], overridden], 'r1');
    await Promise.all([replicas[0].createWithOffers(ISSUER, [shared[1]], 'r2'), replicas[1].createWithOffers(ISSUER, [shared[2]], 'r3')]);

    const hashes = await Promise.all(shared.map(async (s) => stored(s.sessionId)));
    assert.ok(
      hashes.every((h) => !h.own && h.hash === hashes[0].hash && h.hash !== null),
      JSON.stringify(hashes),
    );
    assert.deepEqual(await stored(overridden.sessionId), { own: true, hash: null });
    const { rows } = await db.sql<{ body: unknown }>('SELECT body FROM issuer_api.session_snapshots');
    assert.deepEqual(rows, [{ body: { profile, credentialConfiguration: configuration } }]);
  });

  /** A repository whose statements are counted (`statements.count`), to show what runs in one statement. */
  const countingRepository = () => {
    const statements = { count: 0 };
    const counting = { sql: (...args: Parameters<ServiceDatabase['sql']>) => (statements.count++, db.sql(...args)) };
    const relay = { kick: () => undefined } as unknown as OutboxRelay;
    return {
      repository: new OfferSessionRepository(counting as unknown as ServiceDatabase, relay, new SessionSnapshotStore(db)),
      statements,
    };
  };

  it('refuses offers of a profile deactivated in the database (another replica’s cache may not know yet), writing nothing of them', async () => {
    const { repository, statements } = countingRepository();
    const retired = { ...session(true), profileId: 'retired' };
    await repository.createWithOffers(ISSUER, [retired], 'retire-0');
    await db.sql(`UPDATE issuer_api.profiles SET status = 'INACTIVE' WHERE issuer_id = $1 AND profile_id = 'retired'`, [ISSUER]);
    const late = { ...session(true), profileId: 'retired' };
    const fresh = session(false);
    const before = statements.count;
    const [refused, other] = await Promise.allSettled([
      repository.createWithOffers(ISSUER, [late], 'retire-1'),
      repository.createWithOffers(ISSUER, [fresh], 'retire-2'),
    ]);
    assert.equal(statements.count - before, 3, 'the shared statement fails as a whole, then each request alone');
    assert.equal(refused.status, 'rejected');
    assert.equal((refused as PromiseRejectedResult).reason.code, 'NOT_FOUND');
    assert.match((refused as PromiseRejectedResult).reason.message, /active profile retired/);
    assert.equal(other.status, 'fulfilled', 'the other request’s offer is created');
    const { rows } = await db.sql<{ session_id: string; events: number }>(
      `SELECT s.session_id, (SELECT count(*)::int FROM issuer_api.events e WHERE e.session_id = s.session_id) AS events
         FROM issuer_api.sessions s WHERE s.session_id = ANY($1) ORDER BY s.session_id = $2 DESC`,
      [[retired.sessionId, late.sessionId, fresh.sessionId], retired.sessionId],
    );
    assert.deepEqual(rows, [
      { session_id: retired.sessionId, events: 1 },
      { session_id: fresh.sessionId, events: 1 },
    ]);
  });

  it('writes the admin request’s audit record in the statement that creates its offers, and none when that fails', async () => {
    const { repository, statements } = countingRepository();
    const record = (requestId: string, targetId: string): AuditRecord => ({
      auditId: randomUUID(),
      at: new Date().toISOString(),
      actor: { type: 'api-key', id: 'k1' },
      action: 'offer.create',
      target: { type: 'session', id: targetId },
      outcome: 'success',
      issuerId: ISSUER,
      requestId,
      address: '127.0.0.1',
    });
    const [a, b] = [session(true), session(false)];
    await Promise.all([
      repository.createWithOffers(ISSUER, [a], 'audit-a', record('audit-a', a.sessionId)),
      repository.createWithOffers(ISSUER, [b], 'audit-b', record('audit-b', b.sessionId)),
    ]);
    assert.equal(statements.count, 1, 'two requests, their offers and their records in one statement');
    const taken = { ...session(true), sessionId: a.sessionId };
    await assert.rejects(repository.createWithOffers(ISSUER, [taken], 'audit-c', record('audit-c', a.sessionId)), /already exists/);
    // Together in one batch: the statement fails as a whole, then each request is retried alone.
    const fresh = session(true);
    const before = statements.count;
    const [clash, alone] = await Promise.allSettled([
      repository.createWithOffers(ISSUER, [{ ...session(true), sessionId: b.sessionId }], 'audit-d', record('audit-d', b.sessionId)),
      repository.createWithOffers(ISSUER, [fresh], 'audit-e', record('audit-e', fresh.sessionId)),
    ]);
    assert.equal(statements.count - before, 3, 'the shared statement, then one per request');
    assert.match(String(clash.status === 'rejected' && (clash.reason as Error).message), /already exists/);
    assert.equal(alone.status, 'fulfilled');
    const { rows } = await db.sql<{ request_id: string; target_id: string; outbox: boolean }>(
      `SELECT a.request_id, a.target_id, EXISTS (SELECT 1 FROM issuer_api.audit_outbox o WHERE o.id = a.audit_id) AS outbox
         FROM issuer_api.audit a WHERE a.request_id LIKE 'audit-%' ORDER BY a.request_id`,
    );
    assert.deepEqual(rows, [
      { request_id: 'audit-a', target_id: a.sessionId, outbox: true },
      { request_id: 'audit-b', target_id: b.sessionId, outbox: true },
      { request_id: 'audit-e', target_id: fresh.sessionId, outbox: true },
    ]);
  });
});
