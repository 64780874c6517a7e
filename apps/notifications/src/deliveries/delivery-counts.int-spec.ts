import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { NOTIFICATIONS_MIGRATIONS } from '../database/notifications-migrations';
import { DeliveryRepository } from './delivery.repository';

const silent = pino({ level: 'silent' });
const SINCE = '2026-05-10T00:00:00.000Z';

/** notifications.deliveries.counts.v1 on a real schema: the backlog whatever its age, outcomes in the window, per issuer. */
describe('DeliveryRepository.counts (real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let deliveries: DeliveryRepository;

  const delivery = (issuerId: string, status: string, createdAt: string) =>
    db.sql(
      `INSERT INTO notifications.deliveries (event_id, issuer_id, session_id, event, url, payload, status, created_at)
       VALUES ($1, $2, 's', 'e', 'http://127.0.0.1/hook', '{}', $3, $4)`,
      [randomUUID(), issuerId, status, createdAt],
    );

  before(async () => {
    database = await createTestDatabase('delivery_counts');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'notifications',
        entities: [],
        migrations: NOTIFICATIONS_MIGRATIONS,
        poolSize: 2,
        applicationName: 'counts-itest',
      },
      silent,
      true,
    );
    deliveries = new DeliveryRepository(db);
    await delivery('acme', 'PENDING', '2026-05-01T00:00:00Z'); // old, still retried: part of the backlog
    await delivery('acme', 'PENDING', '2026-05-11T00:00:00Z');
    await delivery('acme', 'DEAD', '2026-05-10T00:00:00Z'); // the window's start is inclusive
    await delivery('acme', 'DEAD', '2026-05-09T23:59:59Z'); // before the window
    await delivery('acme', 'DELIVERED', '2026-05-12T00:00:00Z');
    await delivery('globex', 'DELIVERED', '2026-05-12T00:00:00Z');
    await delivery('globex', 'PENDING', '2026-05-12T00:00:00Z');
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  it('counts the PENDING backlog of any age, and DEAD / DELIVERED deliveries created since the window start', async () => {
    assert.deepEqual(await deliveries.counts(['acme'], SINCE), { pending: 2, failed: 1, delivered: 1 });
    assert.deepEqual(await deliveries.counts(['globex'], SINCE), { pending: 1, failed: 0, delivered: 1 });
    assert.deepEqual(await deliveries.counts(undefined, SINCE), { pending: 3, failed: 1, delivered: 2 });
    assert.deepEqual(await deliveries.counts(['acme', 'globex'], SINCE), { pending: 3, failed: 1, delivered: 2 });
    assert.deepEqual(await deliveries.counts(['nobody'], SINCE), { pending: 0, failed: 0, delivered: 0 });
    assert.deepEqual(await deliveries.counts(['acme'], '2026-05-01T00:00:00Z'), { pending: 2, failed: 2, delivered: 1 });
  });

  it("forgets a purged session's deliveries on the ingesting connection, and no other session's", async () => {
    for (const session of ['gone', 'gone', 'kept'])
      await db.sql(
        `INSERT INTO notifications.deliveries (event_id, issuer_id, session_id, event, url, payload) VALUES ($1, 'initech', $2, 'e', 'http://127.0.0.1/hook', '{}')`,
        [randomUUID(), session],
      );
    await deliveries.forgetSessions((sql, params) => db.sql(sql, params), [{ issuerId: 'initech', sessionId: 'gone' }]);
    const { rows } = await db.sql<{ session_id: string }>(`SELECT session_id FROM notifications.deliveries WHERE issuer_id = 'initech'`);
    assert.deepEqual(
      rows.map((r) => r.session_id),
      ['kept'],
    );
  });
});
