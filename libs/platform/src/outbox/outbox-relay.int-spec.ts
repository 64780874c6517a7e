import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { ISSUER_EVENTS_STREAM, ISSUER_EVENTS_SUBJECT_ROOT } from '@issuer/contracts';
import {
  countStreamMessages,
  createCapturingLogger,
  createTestDatabase,
  NatsServerProcess,
  readStreamMessages,
  waitFor,
} from '@issuer/testing';
import type { Bus } from '../bus/bus';
import { NatsBus } from '../bus/nats-bus';
import { ServiceDatabase } from '../database/service-database';
import { OutboxRelay } from './outbox-relay';
import { outboxPublishedSql, outboxTableLatestUp } from './outbox-table';

const silent = pino({ level: 'silent' });
const SCHEMA = 't';

interface Row {
  seq: string;
  id: string;
  published: boolean;
}

/** A bus that records the message id of every successful publishDurable. */
function countingBus(bus: Bus, published: string[]): Bus {
  return new Proxy(bus, {
    get(target, prop) {
      if (prop === 'publishDurable') {
        return async (subject: string, payload: unknown, messageId: string) => {
          await target.publishDurable(subject, payload, messageId);
          published.push(messageId);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('OutboxRelay against real PostgreSQL and a NATS server that goes away', { timeout: 180_000 }, () => {
  let nats: NatsServerProcess;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let reader: NatsConnection;
  const dbs: ServiceDatabase[] = [];
  const buses: NatsBus[] = [];
  const relays: OutboxRelay[] = [];
  const run = randomBytes(4).toString('hex');

  const openDb = async () => {
    const db = await ServiceDatabase.open(
      { url: database.url, schema: SCHEMA, entities: [], migrations: [], poolSize: 4, applicationName: 'outbox-itest' },
      silent,
      false,
    );
    dbs.push(db);
    return db;
  };
  const openBus = async (name: string) => {
    const bus = await NatsBus.connect(nats.url, name, silent);
    buses.push(bus);
    return bus;
  };
  const startRelay = (db: ServiceDatabase, table: string, bus: Bus, logger: pino.Logger = silent) => {
    const relay = new OutboxRelay(db, `${SCHEMA}.${table}`, bus, logger);
    relays.push(relay);
    relay.start();
    return relay;
  };

  /** Inserts `count` events of one issuer, one statement each (seq = insertion order); returns their ids in order. */
  const insertEvents = async (db: ServiceDatabase, table: string, issuer: string, count: number, from = 0): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = from; i < from + count; i++) {
      const id = randomUUID();
      const session = `s${i % 3}`;
      await db.sql(
        `INSERT INTO ${SCHEMA}.${table} (id, subject, event, issuer_id, session_id, payload) VALUES ($1, $2, 'test_event', $3, $4, $5)`,
        [id, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.${session}.test_event`, issuer, session, { index: i, id }],
      );
      ids.push(id);
    }
    return ids;
  };
  const rowsOf = async (db: ServiceDatabase, table: string, ids: string[]) =>
    (
      await db.sql<Row>(
        `SELECT seq, id, ${outboxPublishedSql(`${SCHEMA}.${table}`, 'o')} AS published FROM ${SCHEMA}.${table} o WHERE id = ANY($1::uuid[]) ORDER BY seq`,
        [ids],
      )
    ).rows;
  const allPublished = async (db: ServiceDatabase, table: string, ids: string[]) =>
    (await rowsOf(db, table, ids)).every((r) => r.published);

  before(async () => {
    nats = await NatsServerProcess.start();
    database = await createTestDatabase('outbox');
    const db = await openDb();
    await db.sql(`CREATE SCHEMA "${SCHEMA}"`);
    for (const table of ['outbox', 'outbox_replicas']) for (const statement of outboxTableLatestUp(SCHEMA, table)) await db.sql(statement);
    reader = await connect({ servers: nats.url, name: 'outbox-itest-reader', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  });

  after(async () => {
    for (const relay of relays) await relay.stop().catch(() => undefined);
    for (const bus of buses) await bus.close().catch(() => undefined);
    await reader?.close().catch(() => undefined);
    for (const db of dbs) await db.close().catch(() => undefined);
    await database?.drop();
    await nats?.dispose();
  });

  const { logger: relayLogger, lines: relayLog } = createCapturingLogger('warn');
  let db: ServiceDatabase;
  let relay: OutboxRelay;

  it('publishes committed rows to JetStream in insertion order, with the event id as message id, and moves its mark past them', async () => {
    db = dbs[0];
    const issuer = `ordered-${run}`;
    const ids = await insertEvents(db, 'outbox', issuer, 40);
    relay = startRelay(db, 'outbox', await openBus('relay-main'), relayLogger);
    await waitFor('the relay to publish every row', () => allPublished(db, 'outbox', ids), { timeoutMs: 30_000 });

    const messages = await readStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`);
    assert.deepEqual(
      messages.map((m) => m.msgId),
      ids,
      'stream order = outbox order, one message per row',
    );
    assert.deepEqual(
      messages.map((m) => m.data),
      ids.map((id, index) => ({ index, id })),
    );
    assert.equal(messages[1].subject, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.s1.test_event`);
  });

  it('picks up rows written later (kick and poll)', async () => {
    const issuer = `later-${run}`;
    const kicked = await insertEvents(db, 'outbox', issuer, 5);
    relay.kick();
    const polled = await insertEvents(db, 'outbox', issuer, 5, 5); // no kick: the poll finds them
    await waitFor('later rows to be published', () => allPublished(db, 'outbox', [...kicked, ...polled]), { timeoutMs: 30_000 });
    const messages = await readStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`);
    assert.deepEqual(
      messages.map((m) => m.msgId),
      [...kicked, ...polled],
    );
  });

  it('publishes the rows of later transactions while an older one stays open, and the older row once it commits', async () => {
    const issuer = `late-${run}`;
    const client = await db.connectRelaxed();
    const lateId = randomUUID();
    try {
      // The late row takes its seq now, but stays invisible until its transaction commits.
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${SCHEMA}.outbox (id, subject, event, issuer_id, session_id, payload) VALUES ($1, $2, 'test_event', $3, 'late', '{}')`,
        [lateId, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.late.test_event`, issuer],
      );
      // Meanwhile many more rows commit: the open transaction holds the high-water mark back, so after a while they
      // are published ahead of it (and listed as such in the cursor row).
      const others = await insertEvents(db, 'outbox', issuer, 1200);
      relay.kick();
      await waitFor('the later rows to be published', () => allPublished(db, 'outbox', others), { timeoutMs: 60_000 });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    relay.kick();
    await waitFor('the late row to be published', () => allPublished(db, 'outbox', [lateId]), { timeoutMs: 30_000 });
    await waitFor(
      'the mark to pass the rows published ahead of it',
      async () =>
        (await db.sql<{ n: number }>(`SELECT cardinality(early) AS n FROM ${SCHEMA}.outbox_cursors WHERE outbox = '${SCHEMA}.outbox'`))
          .rows[0].n === 0,
      { timeoutMs: 30_000 },
    );
    const messages = await readStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`);
    assert.equal(messages.length, 1201, 'every row once: the mark does not publish again what went out ahead of it');
    assert.equal(messages[messages.length - 1].msgId, lateId, 'the late row after the others');
  });

  it('keeps events while NATS is down and publishes them, in order and once, after it comes back', async () => {
    const issuer = `outage-${run}`;
    await nats.kill('SIGKILL');
    const logFrom = relayLog.length;

    const ids = await insertEvents(db, 'outbox', issuer, 30);
    relay.kick();
    await waitFor(
      'the relay to report a failed publish',
      () => relayLog.slice(logFrom).some((line) => line.msg === 'outbox publish failed; events kept for retry'),
      { timeoutMs: 30_000 },
    );
    const during = await rowsOf(db, 'outbox', ids);
    assert.equal(during.length, 30, 'no row is lost');
    assert.ok(
      during.every((r) => !r.published),
      'no row is marked published while NATS is down',
    );

    await nats.start(); // same port, same JetStream store directory
    await waitFor('the relay to publish the kept rows after NATS is back', () => allPublished(db, 'outbox', ids), {
      timeoutMs: 90_000,
      intervalMs: 250,
    });

    const messages = await waitFor(
      'the stream to hold the outage events',
      async () => {
        const read = await readStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`);
        return read.length >= ids.length ? read : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // Publishes attempted during the outage may reach the server after the reconnect; the event id as
    // JetStream message id makes the retries duplicates, which the server drops.
    assert.deepEqual(
      messages.map((m) => m.msgId),
      ids,
      'every event once, in insertion order',
    );
    assert.equal(await countStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`), ids.length);
  });

  it('with two relays (two replicas) on one table, publishes every event exactly once and in order', async () => {
    await relay.stop();
    const issuer = `replicas-${run}`;
    const writer = dbs[0];
    const ids = await insertEvents(writer, 'outbox_replicas', issuer, 1100); // > 2 batches of 500
    const published: string[] = [];
    const relayA = startRelay(await openDb(), 'outbox_replicas', countingBus(await openBus('replica-a'), published));
    const relayB = startRelay(await openDb(), 'outbox_replicas', countingBus(await openBus('replica-b'), published));
    relayA.kick();
    relayB.kick();
    const more = await insertEvents(writer, 'outbox_replicas', issuer, 100, 1100);
    relayB.kick();
    relayA.kick();
    const all = [...ids, ...more];
    await waitFor('both relays to drain the table', () => allPublished(writer, 'outbox_replicas', all), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await relayA.stop();
    await relayB.stop();

    assert.equal(published.length, all.length, 'no event is published by both replicas');
    assert.equal(new Set(published).size, all.length);
    const messages = await readStreamMessages(reader, ISSUER_EVENTS_STREAM, `${ISSUER_EVENTS_SUBJECT_ROOT}.${issuer}.>`, {
      timeoutMs: 30_000,
    });
    assert.equal(messages.length, all.length);
    assert.deepEqual(
      messages.map((m) => m.msgId),
      all,
      'stream order = outbox order across replicas',
    );
  });
});
