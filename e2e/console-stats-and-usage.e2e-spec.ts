import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { WebhookReceiver } from './webhook-receiver';

const target = process.env.E2E_TARGET ?? 'standalone';
const STATUSES = ['SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED', 'ACTIVE'];

interface Stats {
  from: string;
  to: string;
  days: number;
  issuedPerDay: { date: string; format: string; count: number }[];
  sessions: Record<string, number>;
  webhooks: { pending: number; failed: number; delivered: number } | null;
}

/** What the console's dashboard and keys pages read beyond API.md: GET /stats, GET /keys/{id}/usage, GET /certificates. */
describe(`console additions: stats, key usage, certificate list (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let receiver: WebhookReceiver;
  let a: { issuerId: string; profileId: string; keyId: string };
  let b: { issuerId: string; profileId: string; keyId: string };
  /** A viewer of stats-b only. */
  let viewerB: AdminClient;

  before(async () => {
    // Answers 503 until told otherwise; one attempt per delivery, so a refused one ends DEAD at once.
    receiver = new WebhookReceiver(Number.MAX_SAFE_INTEGER);
    const url = await receiver.start();
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_MAX_ATTEMPTS: '1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    a = await createSdJwtIssuer(admin, { issuerId: 'stats-a', batchSize: 2, profile: { notifications: { webhook: { url } } } });
    b = await createSdJwtIssuer(admin, { issuerId: 'stats-b' });
    const key = await admin.post('/api/v1/api-keys', { name: 'viewer of b', roles: ['viewer'], issuers: ['stats-b'] });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    viewerB = new AdminClient(platform.baseUrl, key.body.key);
  });
  after(async () => {
    await platform?.stop();
    await receiver?.stop();
  });

  const stats = async (client: AdminClient, query = ''): Promise<Stats> => {
    const res = await client.get(`/api/v1/stats${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const issued = (s: Stats) => s.issuedPerDay.reduce((sum, d) => sum + d.count, 0);

  /** Every session of the issuer and its webhook deliveries, as the admin API lists them. */
  const sessionsOf = async (issuerId: string) => {
    const res = await admin.get(`/api/v1/issuers/${issuerId}/sessions?limit=100`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as { sessionId: string; status: string; credentials: { format: string; issuedAt: string }[] }[];
  };
  const deliveryTally = async (issuerId: string) => {
    const tally = { PENDING: 0, DEAD: 0, DELIVERED: 0 } as Record<string, number>;
    for (const session of await sessionsOf(issuerId)) {
      const res = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${session.sessionId}/deliveries`);
      for (const d of res.body.items as { status: string }[]) tally[d.status]++;
    }
    return tally;
  };
  /**
   * Waits until `settled` holds, nothing is PENDING, and the tally stays the same over a moment: PENDING alone is
   * also 0 before the outbox has relayed a session's events and their deliveries exist (seen under load in CI).
   */
  const settledTally = (issuerId: string, what: string, settled: (tally: Record<string, number>) => boolean) =>
    waitFor(
      what,
      async () => {
        const before = await deliveryTally(issuerId);
        if (before.PENDING !== 0 || !settled(before)) return false;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return JSON.stringify(await deliveryTally(issuerId)) === JSON.stringify(before);
      },
      { timeoutMs: 30_000 },
    );

  it('starts at zero for a fresh issuer, with every session status present', async () => {
    const s = await stats(admin, '?issuerId=stats-a');
    assert.deepEqual(s.issuedPerDay, []);
    assert.deepEqual(Object.keys(s.sessions).sort(), [...STATUSES].sort());
    assert.ok(Object.values(s.sessions).every((n) => n === 0));
    assert.deepEqual(s.webhooks, { pending: 0, failed: 0, delivered: 0 });
    assert.equal(s.days, 30);
    assert.equal(new Date(s.from).toISOString().slice(11), '00:00:00.000Z', 'the window starts at midnight UTC');
  });

  it('counts issued credentials per day and format, sessions by status and webhook deliveries', async () => {
    // stats-a: one credential while its webhook refuses (deliveries end DEAD), a batch of two once it accepts, one open offer.
    const first = await createOffer(admin, a.issuerId, a.profileId);
    await new TestWallet().preAuthorizedFlow(first.credentialOffer);
    await settledTally(a.issuerId, 'the first session’s deliveries given up', (tally) => tally.DEAD > 0);
    receiver.failNext(0);
    const second = await createOffer(admin, a.issuerId, a.profileId);
    await new TestWallet().preAuthorizedFlow(second.credentialOffer, { proofCount: 2 });
    await createOffer(admin, a.issuerId, a.profileId);
    // stats-b: one credential, no webhook.
    await new TestWallet().preAuthorizedFlow((await createOffer(admin, b.issuerId, b.profileId)).credentialOffer);
    await settledTally(a.issuerId, 'every delivery of stats-a settled', (tally) => tally.DELIVERED > 0);

    const sA = await stats(admin, '?issuerId=stats-a');
    // Expected values from the sessions as the admin API shows them (issuedAt decides the day).
    const expectedPerDay = new Map<string, number>();
    for (const session of await sessionsOf(a.issuerId))
      for (const c of session.credentials) {
        const day = `${c.issuedAt.slice(0, 10)} ${c.format}`;
        expectedPerDay.set(day, (expectedPerDay.get(day) ?? 0) + 1);
      }
    assert.deepEqual(
      sA.issuedPerDay.map((d) => [`${d.date} ${d.format}`, d.count]),
      [...expectedPerDay.entries()].sort(),
    );
    assert.equal(issued(sA), 3);
    assert.ok(sA.issuedPerDay.every((d) => d.format === 'dc+sd-jwt'));
    assert.equal(sA.sessions.SUCCESSFUL, 2);
    assert.equal(sA.sessions.ACTIVE, 1);
    assert.equal(sA.sessions.UNSUCCESSFUL + sA.sessions.EXPIRED + sA.sessions.REJECTED_BY_USER, 0);
    const tally = await deliveryTally(a.issuerId);
    assert.ok(tally.DEAD > 0 && tally.DELIVERED > 0, JSON.stringify(tally));
    assert.deepEqual(sA.webhooks, { pending: 0, failed: tally.DEAD, delivered: tally.DELIVERED });

    // Every issuer: the sum of both.
    const sB = await stats(admin, '?issuerId=stats-b');
    assert.equal(issued(sB), 1);
    assert.equal(sB.sessions.SUCCESSFUL, 1);
    assert.deepEqual(sB.webhooks, { pending: 0, failed: 0, delivered: 0 });
    const all = await stats(admin);
    assert.equal(issued(all), issued(sA) + issued(sB));
    for (const status of STATUSES) assert.equal(all.sessions[status], sA.sessions[status] + sB.sessions[status], status);
    assert.deepEqual(all.webhooks, sA.webhooks);
    // A one-day window still holds today's.
    assert.equal(issued(await stats(admin, '?issuerId=stats-a&days=1')), issued(sA));
  });

  it('shows a scoped principal its issuers only; another issuer reads as a missing one', async () => {
    const scoped = await stats(viewerB);
    assert.deepEqual(scoped.sessions, (await stats(admin, '?issuerId=stats-b')).sessions);
    assert.equal(issued(scoped), issued(await stats(admin, '?issuerId=stats-b')));
    assert.deepEqual(scoped.webhooks, { pending: 0, failed: 0, delivered: 0 });
    const other = await viewerB.get('/api/v1/stats?issuerId=stats-a');
    const missing = await viewerB.get('/api/v1/stats?issuerId=no-such-issuer');
    assert.equal(other.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(other.body.title, missing.body.title);
    assert.equal(other.body.detail.replace('stats-a', 'X'), missing.body.detail.replace('no-such-issuer', 'X'));
    assert.equal((await admin.get('/api/v1/stats?issuerId=no-such-issuer')).status, 404);
  });

  it('refuses a window outside 1–366 days and unknown parameters, naming the field', async () => {
    for (const query of ['days=0', 'days=367', 'days=ten']) {
      const res = await admin.get(`/api/v1/stats?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.errors[0].path, 'days', JSON.stringify(res.body));
    }
    assert.equal((await admin.get('/api/v1/stats?since=2020-01-01')).status, 400);
  });

  it('lists what uses a key: profiles (with their status), DIDs; an unused key is free to delete', async () => {
    const usage = await admin.get(`/api/v1/keys/${a.keyId}/usage`);
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    assert.equal(usage.body.inUse, true);
    assert.deepEqual(usage.body.profiles, [{ issuerId: 'stats-a', profileId: a.profileId, status: 'ACTIVE' }]);
    assert.deepEqual(usage.body.issuers, []);
    assert.deepEqual(usage.body.dids, []);
    assert.equal(usage.body.otherIssuers, 0);

    const fresh = (await admin.post('/api/v1/keys', { type: 'ed25519' })).body.keyId as string;
    const free = await admin.get(`/api/v1/keys/${fresh}/usage`);
    assert.deepEqual(
      { ...free.body, statusLists: undefined },
      { keyId: fresh, inUse: false, issuers: [], profiles: [], dids: [], statusLists: undefined, otherIssuers: 0 },
    );
    assert.deepEqual(free.body.statusLists, { count: 0, uris: [] });
    const did = await admin.post('/api/v1/dids', { method: 'jwk', keyId: fresh });
    assert.equal(did.status, 201, JSON.stringify(did.body));
    const bound = await admin.get(`/api/v1/keys/${fresh}/usage`);
    assert.deepEqual([bound.body.inUse, bound.body.dids], [true, [did.body.did]]);
    // inUse agrees with the delete: refused while the DID holds the key.
    assert.equal((await admin.delete(`/api/v1/keys/${fresh}`)).status, 409);

    const unknown = randomUUID();
    const missing = await admin.get(`/api/v1/keys/${unknown}/usage`);
    assert.equal(missing.status, 404);
    assert.equal((await admin.get('/api/v1/keys/not-a-uuid/usage')).status, 404);
  });

  it('shows an issuer’s own key usage to its viewer; a platform key reads as missing', async () => {
    const owned = await admin.post('/api/v1/keys', { type: 'secp256r1', issuerId: 'stats-b' });
    assert.equal(owned.status, 201, JSON.stringify(owned.body));
    const profile = await admin.post('/api/v1/issuers/stats-b/profiles', {
      name: 'Second',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: owned.body.keyId,
      credentialData: { given_name: 'Ada' },
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const usage = await viewerB.get(`/api/v1/keys/${owned.body.keyId}/usage`);
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    assert.deepEqual(usage.body.profiles, [{ issuerId: 'stats-b', profileId: profile.body.profileId, status: 'ACTIVE' }]);
    assert.equal(usage.body.inUse, true);

    // Deleting the profile leaves it INACTIVE: listed, no longer holding the key.
    assert.equal((await admin.delete(`/api/v1/issuers/stats-b/profiles/${profile.body.profileId}`)).status, 204);
    const deactivated = await viewerB.get(`/api/v1/keys/${owned.body.keyId}/usage`);
    assert.deepEqual(deactivated.body.profiles, [{ issuerId: 'stats-b', profileId: profile.body.profileId, status: 'INACTIVE' }]);
    assert.equal(deactivated.body.inUse, false);

    const platformKey = await viewerB.get(`/api/v1/keys/${a.keyId}/usage`);
    const unknown = randomUUID();
    const missing = await viewerB.get(`/api/v1/keys/${unknown}/usage`);
    assert.equal(platformKey.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(platformKey.body.detail.replace(a.keyId, 'X'), missing.body.detail.replace(unknown, 'X'));
  });

  it('lists certificates page by page, without PEMs, each with its owner, filtered to the caller’s scope', async () => {
    const subject = { commonName: 'Listed', country: 'DE' };
    const ownKey = (await admin.post('/api/v1/keys', { type: 'secp256r1', issuerId: 'stats-b' })).body.keyId;
    const platformKey = (await admin.post('/api/v1/keys', { type: 'secp256r1' })).body.keyId;
    const mine = await admin.post('/api/v1/certificates', { profile: 'self-signed', keyId: ownKey, subject, issuerId: 'stats-b' });
    const platforms = await admin.post('/api/v1/certificates', { profile: 'self-signed', keyId: platformKey, subject });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(platforms.status, 201, JSON.stringify(platforms.body));

    const pages: any[] = [];
    let cursor: string | undefined;
    do {
      const res = await admin.get(`/api/v1/certificates?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.length <= 1);
      pages.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      pages.map((c) => c.certificateId),
      [mine.body.certificateId, platforms.body.certificateId],
    );
    const listed = pages[0];
    assert.equal(listed.pem, undefined);
    assert.equal(listed.chain, undefined);
    assert.deepEqual(
      { ...listed },
      {
        certificateId: mine.body.certificateId,
        profile: 'self-signed',
        keyId: ownKey,
        subject,
        notBefore: mine.body.notBefore,
        notAfter: mine.body.notAfter,
        issuerCertificateId: null,
        serialNumber: mine.body.serialNumber,
        createdAt: mine.body.createdAt,
        issuerId: 'stats-b',
      },
    );
    assert.equal(pages[1].issuerId, undefined, 'the platform’s names no issuer');

    const scoped = await viewerB.get('/api/v1/certificates');
    assert.deepEqual(
      scoped.body.items.map((c: any) => c.certificateId),
      [mine.body.certificateId],
    );
    const stale = await admin.get(`/api/v1/certificates?cursor=${randomUUID()}`);
    assert.equal(stale.status, 400, JSON.stringify(stale.body));
    assert.equal((await admin.get('/api/v1/certificates?limit=501')).status, 400);
  });
});
