import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { IssuerSessionsPurge, NotificationsDeliveriesPending, NotificationsDeliveriesPurge, type RetentionConfig } from '@issuer/contracts';
import { InProcessBus, ServiceDatabase } from '@issuer/platform';
import { createTestDatabase, expectBusError, waitFor } from '@issuer/testing';
import { CreateRetention1764362200000 } from '../database/migrations/1764362200000-create-retention';
import { RetentionRepository } from './retention.repository';
import { RetentionRunner } from './retention-runner';
import { RetentionScheduler } from './retention-scheduler';

const silent = pino({ level: 'silent' });
const config: RetentionConfig = { enabled: true, maxIssuerSessionAge: '30d', schedule: '* * * * *', dryRun: false, maxDeletePerRun: 10 };

/** Two data-retention instances (own pools, own runners) on one real PostgreSQL database. */
describe('retention runs across two instances', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dbs: ServiceDatabase[] = [];
  const bus = new InProcessBus(silent);
  let active = 0;
  let maxActive = 0;
  let calls = 0;
  let gate: Promise<void> = Promise.resolve();

  before(async () => {
    database = await createTestDatabase('retention');
    for (let i = 0; i < 2; i++) {
      const options = { url: database.url, schema: 'data_retention', entities: [], migrations: [CreateRetention1764362200000] };
      dbs.push(await ServiceDatabase.open({ ...options, poolSize: 4, applicationName: `retention-${i}` }, silent, true));
    }
    bus.serve(
      IssuerSessionsPurge,
      async () => {
        calls++;
        maxActive = Math.max(maxActive, ++active);
        await gate;
        active--;
        return { matched: 0, sessions: [] };
      },
      'issuer-api',
    );
    bus.serve(NotificationsDeliveriesPurge, async () => ({ deleted: 0 }), 'notifications');
    bus.serve(NotificationsDeliveriesPending, async () => ({ sessions: [], truncated: false }), 'notifications');
  });
  after(async () => {
    for (const db of dbs) await db.close();
    await database?.drop();
  });

  const instance = (db: ServiceDatabase) => {
    const repository = new RetentionRepository(db);
    const runner = new RetentionRunner(db, repository, bus, silent, { expiredGraceMs: 86_400_000 });
    return { repository, runner, scheduler: new RetentionScheduler(repository, runner, silent) };
  };

  it('a second run on the other instance is refused (CONFLICT) while the first holds the lock', async () => {
    const [a, b] = dbs.map(instance);
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const first = a.runner.run(config, { trigger: 'manual' });
    await waitFor('the first run to reach issuer-api', () => active === 1);
    await expectBusError(b.runner.run(config, { trigger: 'manual' }), 'CONFLICT');
    release();
    const run = await first;
    assert.equal(run?.status, 'COMPLETED');
    const afterwards = await b.runner.run(config, { trigger: 'manual' });
    assert.equal(afterwards?.status, 'COMPLETED', 'the lock is free again once the first run ended');
    assert.equal(maxActive, 1);
  });

  it('both schedulers firing the same cron slot give one run, never two at once', async () => {
    const [a, b] = dbs.map(instance);
    await a.repository.saveConfig(config);
    calls = 0;
    gate = Promise.resolve();
    const now = new Date('2030-01-01T00:00:30Z');
    await Promise.all([a.scheduler.tick(now), b.scheduler.tick(now), a.scheduler.tick(now), b.scheduler.tick(now)]);
    const scheduled = (await a.repository.list()).filter((r) => r.trigger === 'schedule');
    assert.equal(scheduled.length, 1, 'one run for the slot');
    assert.equal(calls, 1);
    assert.equal(maxActive, 1);
  });
});
