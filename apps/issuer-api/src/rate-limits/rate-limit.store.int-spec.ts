import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { RateLimitStore } from './rate-limit.store';
import type { RateLimitPolicy } from './rate-limit-window';
import { bucketOf, RateLimiter } from './rate-limiter';

/** The shared counters on a real issuer_api schema, with two limiters on two pools standing for two replicas. */
describe('rate limit counters (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dbs: ServiceDatabase[] = [];
  let stores: RateLimitStore[];
  const policy: RateLimitPolicy = { name: 'itest', limit: 5, windowSeconds: 60 };

  before(async () => {
    database = await createTestDatabase('ratelimit');
    for (const migrate of [true, false])
      dbs.push(
        await ServiceDatabase.open(
          {
            url: database.url,
            schema: 'issuer_api',
            entities: [],
            migrations: ISSUER_API_MIGRATIONS,
            poolSize: 8,
            applicationName: 'ratelimit-itest',
          },
          pino({ level: 'silent' }),
          migrate,
        ),
      );
    stores = dbs.map((db) => new RateLimitStore(db));
  });
  after(async () => {
    for (const db of dbs) await db.close();
    await database?.drop();
  });

  it('counts one window per bucket up to limit + 1, with the time it has left', async () => {
    const counts = [];
    for (let i = 0; i < 7; i++) counts.push(await stores[i % 2].count('itest:a', policy));
    assert.deepEqual(
      counts.map((c) => c.hits),
      [1, 2, 3, 4, 5, 6, 6],
    );
    for (const { msLeft } of counts) assert.ok(msLeft > 50_000 && msLeft <= 60_000, `${msLeft}`);
    assert.equal((await stores[0].count('itest:b', policy)).hits, 1, 'another bucket');
  });

  it('counts requests that arrive together in one statement, each bucket in arrival order', async () => {
    let statements = 0;
    const counted = new RateLimitStore({
      sql: (text: string, values?: unknown[]) => (statements++, dbs[0].sql(text, values)),
    } as unknown as ServiceDatabase);
    const counts = await Promise.all([
      ...Array.from({ length: 7 }, () => counted.count('itest:together', policy)),
      counted.count('itest:other', policy),
    ]);
    assert.deepEqual(
      counts.map((c) => c.hits),
      [1, 2, 3, 4, 5, 6, 6, 1],
    );
    assert.equal(statements, 1, 'one upsert for the eight requests');
    assert.equal((await stores[1].count('itest:together', policy)).hits, 6, 'refused on the other replica too');
  });

  it('counts extra permits after a request and says how many of them are within the limit', async () => {
    const busy: RateLimitPolicy = { ...policy, limit: 10 };
    const first = await stores[0].count('itest:extra', busy, 3);
    assert.deepEqual({ hits: first.hits, spare: first.spare }, { hits: 1, spare: 3 });
    const [a, b, c] = await Promise.all([
      stores[1].count('itest:extra', busy, 4),
      stores[1].count('itest:extra', busy),
      stores[1].count('itest:extra', busy, 2),
    ]);
    assert.deepEqual(
      [a, b, c].map(({ hits, spare }) => ({ hits, spare })),
      [
        { hits: 5, spare: 4 },
        { hits: 10, spare: 0 },
        { hits: 11, spare: 0 },
      ],
      'arrival order: 5 (+6..9), 10, then over the limit',
    );
    assert.equal((await stores[0].count('itest:extra', busy)).hits, 11);
  });

  it('lets exactly the limit through when two replicas take requests of one client at once', async () => {
    const limiters = stores.map((store) => new RateLimiter(store));
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => limiters[i % 2].consume(policy, '198.51.100.9')));
    assert.equal(decisions.filter((d) => d.allowed).length, 5);
    for (const d of decisions) if (!d.allowed) assert.ok(d.retryAfterSeconds >= 1 && d.retryAfterSeconds <= 60, `${d.retryAfterSeconds}`);
  });

  it('starts a new window once the old one has ended, and sweeps ended windows', async () => {
    const bucket = bucketOf(policy, '198.51.100.10');
    for (let i = 0; i < 6; i++) await stores[0].count(bucket, policy);
    // The window's end moved into the past: as if a minute went by.
    await dbs[0].sql(`UPDATE issuer_api.rate_limit_windows SET window_ends_at = now() - interval '1 second' WHERE bucket = $1`, [bucket]);
    const restarted = await stores[1].count(bucket, policy);
    assert.equal(restarted.hits, 1);
    assert.ok(restarted.msLeft > 50_000, `${restarted.msLeft}`);
    await dbs[0].sql(`UPDATE issuer_api.rate_limit_windows SET window_ends_at = now() - interval '1 second' WHERE bucket = $1`, [bucket]);
    assert.ok((await stores[0].sweep()) >= 1);
    const { rows } = await dbs[0].sql('SELECT 1 FROM issuer_api.rate_limit_windows WHERE bucket = $1', [bucket]);
    assert.equal(rows.length, 0);
  });
});
