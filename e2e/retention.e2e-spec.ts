import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`data retention (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const issuerId = 'retention';
  const sessions: string[] = [];
  const config = { enabled: false, maxIssuerSessionAge: '1s', schedule: '0 3 * * *', dryRun: true, maxDeletePerRun: 2 };

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const { profileId } = await createSdJwtIssuer(admin, { issuerId });
    for (let i = 0; i < 5; i++) sessions.push((await createOffer(admin, issuerId, profileId, { expiresInSeconds: -1 })).sessionId);
  });
  after(async () => platform?.stop());

  it('has the documented default configuration and refuses a bad one, naming the field', async () => {
    const current = await admin.get('/api/v1/retention');
    assert.deepEqual(current.body, {
      enabled: false,
      maxIssuerSessionAge: '30d',
      schedule: '0 3 * * *',
      dryRun: true,
      maxDeletePerRun: 500,
    });
    for (const [field, value] of [
      ['schedule', '61 * * * *'],
      ['maxIssuerSessionAge', 'soon'],
      ['maxDeletePerRun', 0],
    ] as const) {
      const refused = await admin.put('/api/v1/retention', { ...config, [field]: value });
      assert.equal(refused.status, 400, field);
      assert.ok(
        refused.body.errors.some((e: { path: string }) => e.path === field),
        JSON.stringify(refused.body),
      );
    }
    const unknown = await admin.put('/api/v1/retention', { ...config, extra: true });
    assert.equal(unknown.status, 400);
  });

  it('a dry run lists what it would delete and deletes nothing', async () => {
    assert.equal((await admin.put('/api/v1/retention', config)).status, 200);
    const run = await waitFor('the sessions to be older than 1s', async () => {
      const r = await admin.post('/api/v1/retention/runs', {});
      return r.body.matched >= 5 ? r : undefined;
    });
    assert.equal(run.status, 200);
    assert.equal(run.body.dryRun, true);
    assert.equal(run.body.deleted, 0);
    assert.deepEqual(run.body.sessionIds, sessions.slice(0, 2), 'oldest first, up to maxDeletePerRun');
    for (const id of sessions) assert.equal((await admin.get(`/api/v1/issuers/${issuerId}/sessions/${id}`)).status, 200);
  });

  it('a real run deletes the oldest sessions, at most maxDeletePerRun, each with a session_purged event', async () => {
    const stream = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events`, { authorization: `Bearer ${platform.adminKey}` });
    assert.equal(await stream.status, 200);
    const first = await admin.post('/api/v1/retention/runs', { dryRun: false });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.deleted, 2);
    assert.equal(first.body.matched, 5);
    assert.deepEqual(first.body.sessionIds, sessions.slice(0, 2));
    const statuses = await Promise.all(sessions.map(async (id) => (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${id}`)).status));
    assert.deepEqual(statuses, [404, 404, 200, 200, 200]);
    for (const id of sessions.slice(0, 2)) await stream.waitFor((e) => e.event === 'session_purged' && e.data.sessionId === id);

    const second = await admin.post('/api/v1/retention/runs', { dryRun: false });
    const third = await admin.post('/api/v1/retention/runs', { dryRun: false });
    assert.deepEqual([second.body.deleted, third.body.deleted], [2, 1]);
    assert.equal((await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessions[4]}`)).status, 404);
    stream.close();

    const history = await admin.get('/api/v1/retention/runs');
    assert.deepEqual(
      history.body.items.slice(0, 3).map((r: { runId: string }) => r.runId),
      [third.body.runId, second.body.runId, first.body.runId],
      'newest first',
    );
  });
});
