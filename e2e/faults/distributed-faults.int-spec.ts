import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { AdminClient, createSdJwtIssuer, NatsServerProcess, PostgresServerProcess, ServiceProcesses, waitFor } from '@issuer/testing';
import { WebhookReceiver } from '../webhook-receiver';
import { awaitDelivered, deliveries, lastSeq, storedEvents, undelivered } from './event-ledger';
import { awaitRecovery, judge, type FaultWindow } from './fault-windows';
import { IssuanceLoad } from './issuance-load';
import { TrafficLog } from './traffic-log';

/**
 * The distributed mode on a bad day: every service its own process on a private PostgreSQL and NATS,
 * wallets issuing credentials all the time, and one fault after another — the webhook receiver down,
 * notifications, an issuer-api replica and kms killed (SIGKILL) and restarted, NATS restarted, PostgreSQL
 * restarted (`pg_ctl restart -m fast`). Afterwards every event of every completed issuance is in JetStream
 * and was delivered to the webhook at least once, no process exited on its own, and no request was answered
 * 5xx outside a fault's window (inside one only 503 with Retry-After, and 502 for requests cut by a killed
 * replica). Figures are printed as test diagnostics.
 */
const ISSUER = 'faults';
const SESSION_EVENTS = [
  'credential_offer_created',
  'credential_offer_retrieved',
  'token_request_pre_authorized_code_succeeded',
  'credential_request_sd_jwt_vc_succeeded',
  'issuance_status_changed',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('distributed mode under faults (processes killed and restarted, NATS and PostgreSQL restarted)', { timeout: 420_000 }, () => {
  let pg: PostgresServerProcess;
  let nats: NatsServerProcess;
  let cluster: ServiceProcesses;
  let nc: NatsConnection;
  let load: IssuanceLoad;
  const receiver = new WebhookReceiver(0);
  const traffic = new TrafficLog();
  const windows: FaultWindow[] = [];
  const figures: string[] = [];

  /** Kills (or stops) something, brings it back after `downMs`, and measures until flows succeed again. */
  const fault = async (name: string, down: () => Promise<void>, up: () => Promise<void>, downMs: number, cut = false) => {
    const window: FaultWindow = { name, start: Date.now() };
    windows.push(window);
    await down();
    if (cut) window.cutAt = Date.now();
    await sleep(downMs);
    await up();
    window.cleared = Date.now();
    window.recovered = await awaitRecovery(load, window.cleared);
    const failed = load.flows.filter((f) => !f.ok && f.end >= window.start && f.start <= window.recovered!);
    const reasons = [...new Set(failed.map((f) => f.error?.replace(/\s+/g, ' ').slice(0, 120)))].slice(0, 3).join(' | ');
    figures.push(
      `${name}: down ${seconds(window.cleared - window.start)}, flows succeed again ${seconds(Math.max(0, window.recovered - window.cleared))} ` +
        `after it was back; ${failed.length} flows failed meanwhile${reasons ? ` (${reasons})` : ''}`,
    );
    assert.deepEqual(cluster.unexpectedExits(), [], cluster.output());
    return window;
  };

  before(async () => {
    [pg, nats] = await Promise.all([PostgresServerProcess.start(), NatsServerProcess.start()]);
    const hook = await receiver.start();
    cluster = await ServiceProcesses.start({
      databaseUrl: pg.url,
      natsUrl: nats.url,
      env: { OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_DELAYS: '0s,1s,2s', DB_POOL_SIZE: '5' },
    });
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    const admin = new AdminClient(cluster.baseUrl, cluster.adminKey, traffic.fetch);
    const { profileId } = await createSdJwtIssuer(admin, { issuerId: ISSUER, profile: { notifications: { webhook: { url: hook } } } });
    load = new IssuanceLoad(admin, traffic, ISSUER, profileId, { workers: 3, pauseMs: 100, maxFlows: 2000 });
    load.start();
    await waitFor('the first issuances', () => load.completed().length >= 5, { timeoutMs: 60_000 });
  });

  after(async () => {
    await load?.stop();
    await nc?.close().catch(() => undefined);
    await cluster?.stop();
    await receiver.stop().catch(() => undefined);
    await nats?.dispose();
    await pg?.dispose();
  });

  it('a webhook receiver that is down for 5 s gets every event once it is back', async (t) => {
    await receiver.stop();
    await sleep(5000);
    await receiver.start(receiver.port);
    const back = Date.now();
    const events = await storedEvents(nc, ISSUER, await lastSeq(nc));
    const pending = undelivered(events, receiver).length;
    const done = await awaitDelivered(events, receiver);
    figures.push(`webhook receiver down 5 s: ${pending} events waiting; all delivered ${seconds(done - back)} after it was back`);
    t.diagnostic(figures.at(-1)!);
  });

  it('notifications killed (SIGKILL) with deliveries in flight resumes them within seconds of its restart', async (t) => {
    const notifications = cluster.get('notifications');
    await waitFor('deliveries in flight', async () => undelivered(await storedEvents(nc, ISSUER), receiver).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    await notifications.kill('SIGKILL');
    const killed = Date.now();
    const events = await storedEvents(nc, ISSUER, await lastSeq(nc));
    const inFlight = undelivered(events, receiver).length;
    await sleep(1000);
    await notifications.start();
    const ready = Date.now();
    const done = await awaitDelivered(events, receiver);
    figures.push(
      `notifications SIGKILL: ${inFlight} events undelivered at the kill; restarted and ready ${seconds(ready - killed)} later; all delivered ${seconds(done - ready)} after it was ready`,
    );
    t.diagnostic(figures.at(-1)!);
    assert.ok(done - ready < 20_000, `redelivery took ${done - ready} ms after the restart`);
  });

  it('an issuer-api replica killed (SIGKILL) and restarted', async (t) => {
    const replica = cluster.get('issuer-api#2');
    await fault(
      'issuer-api#2 SIGKILL',
      () => replica.kill('SIGKILL'),
      () => replica.start(),
      2000,
      true,
    );
    t.diagnostic(figures.at(-1)!);
  });

  it('kms killed (SIGKILL) and restarted', async (t) => {
    const kms = cluster.get('kms');
    await fault(
      'kms SIGKILL',
      () => kms.kill('SIGKILL'),
      () => kms.start(),
      2000,
    );
    t.diagnostic(figures.at(-1)!);
  });

  it('NATS down for 5 s (SIGKILL, then started on the same port and store)', async (t) => {
    await fault(
      'NATS restart',
      () => nats.kill('SIGKILL'),
      () => nats.start(),
      5000,
    );
    t.diagnostic(figures.at(-1)!);
  });

  it('PostgreSQL restarted under load (pg_ctl restart -m fast, down 3 s): not ready meanwhile, no process exits', async (t) => {
    const edge = cluster.get('issuer-api#1');
    let notReady = false;
    await fault(
      'PostgreSQL restart',
      async () => {
        await pg.stop('fast');
        notReady = await waitFor('issuer-api to report not ready', async () => !(await edge.ready()), { timeoutMs: 3000 }).then(
          () => true,
          () => false,
        );
      },
      async () => {
        await pg.start();
        await waitFor(
          'every service ready again',
          async () => (await Promise.all(cluster.processes.map((p) => p.ready()))).every(Boolean),
          {
            timeoutMs: 30_000,
            intervalMs: 250,
          },
        );
      },
      3000,
    );
    t.diagnostic(figures.at(-1)!);
    assert.ok(notReady, '/health/ready of issuer-api answered 200 while PostgreSQL was down');
  });

  it('afterwards: every event of every completed issuance is in JetStream and was delivered; no 5xx outside the fault windows', async (t) => {
    await load.stop();
    assert.deepEqual(cluster.unexpectedExits(), [], cluster.output());
    const completed = load.completed();
    const sessions = new Set(completed.map((f) => f.sessionId!));
    const inStream = await waitFor(
      'the events of every completed issuance in JetStream',
      async () => {
        const events = (await storedEvents(nc, ISSUER)).filter((e) => sessions.has(e.sessionId!));
        const bySession = new Map<string, Set<string>>();
        for (const e of events) bySession.set(e.sessionId!, (bySession.get(e.sessionId!) ?? new Set()).add(e.event));
        const complete = [...sessions].every((s) => SESSION_EVENTS.every((name) => bySession.get(s)?.has(name)));
        return complete && events;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    await awaitDelivered(inStream, receiver, 60_000);
    const delivered = deliveries(receiver);
    const duplicated = inStream.filter((e) => (delivered.get(e.id) ?? 0) > 1).length;
    const verdict = judge(traffic.exchanges, windows);
    const unavailable = Object.entries(verdict.unavailable).map(([name, n]) => `${name} ${n}`);
    figures.push(
      `flows: ${load.flows.length} run, ${completed.length} completed; events of completed issuances: ${inStream.length} expected, ` +
        `${inStream.filter((e) => delivered.has(e.id)).length} delivered, ${duplicated} delivered more than once; ` +
        `HTTP exchanges: ${traffic.exchanges.length}, 503 + Retry-After inside fault windows: ${unavailable.join(', ') || 'none'}, ` +
        `cut by the replica kill: ${verdict.cut}`,
    );
    for (const line of figures) t.diagnostic(line);
    // For a closer look at a run: every exchange and window as JSON.
    if (process.env.FAULTS_TRAFFIC_FILE)
      writeFileSync(process.env.FAULTS_TRAFFIC_FILE, JSON.stringify({ windows, traffic: traffic.exchanges, flows: load.flows }));
    console.log(`\nfault suite figures:\n  ${figures.join('\n  ')}\n`);
    assert.deepEqual(verdict.violations, []);
  });
});
