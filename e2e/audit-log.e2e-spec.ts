import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect } from 'nats';
import { AUDIT_EVENTS_STREAM, auditSubject, type AuditRecord } from '@issuer/contracts';
import { AdminClient, readStreamMessages, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { preAuthorizedCodeOf } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

const ACME = 'audit-acme';
const GLOBEX = 'audit-globex';
const CONFIGURATION = {
  format: 'dc+sd-jwt',
  vct: 'https://example.com/identity',
  scope: 'identity',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
};
const issuerBody = (id: string, name = 'Audited') => ({
  id,
  display: [{ name, locale: 'en' }],
  credentialConfigurations: { identity_sd_jwt: CONFIGURATION },
});

type Answer = { status: number; body: any; headers: Headers };
/** What a test states about a record; `auditId`, `at`, `requestId` and `address` are checked for every record. */
type Expected = Pick<AuditRecord, 'action' | 'target' | 'outcome' | 'actor'> & { issuerId?: string };

describe(`audit log (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let adminActor: AuditRecord['actor'];
  /** Every secret the tests handle: none may appear in any record. */
  const secrets: string[] = [];
  const keys: Record<'offers' | 'status' | 'viewer' | 'issuerAdmin' | 'globexAdmin', { apiKeyId: string; client: AdminClient }> =
    {} as never;
  let acmeKeyId: string;
  let globexKeyId: string;
  let profileId: string;
  let startedAt: string;

  /** The whole log, newest first, read page by page as platform-admin. */
  async function allRecords(query = ''): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.get(`/api/v1/audit?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      records.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return records;
  }

  /** The one record of the request `answer` answered, found by its x-request-id. */
  async function recordOf(answer: Answer): Promise<AuditRecord> {
    const requestId = answer.headers.get('x-request-id');
    const matching = (await allRecords()).filter((r) => r.requestId === requestId);
    assert.equal(matching.length, 1, `one record for request ${requestId}, got ${JSON.stringify(matching)}`);
    return matching[0]!;
  }

  /** Asserts the answer's status and that the request left exactly the expected record. */
  async function expectRecord(answer: Answer, status: number, expected: Expected): Promise<AuditRecord> {
    assert.equal(answer.status, status, `${expected.action}: ${JSON.stringify(answer.body)}`);
    const record = await recordOf(answer);
    const { auditId, at, requestId, address, ...rest } = record;
    assert.deepEqual(rest, expected, expected.action);
    assert.match(auditId, /^[0-9a-f-]{36}$/);
    assert.ok(at >= startedAt && at <= new Date().toISOString(), `at ${at}: written during this test`);
    assert.equal(requestId, answer.headers.get('x-request-id'));
    assert.match(address, /^[0-9a-f.:]+$/i);
    return record;
  }

  async function createApiKey(roles: string[], issuers: string[]) {
    const created = await admin.post('/api/v1/api-keys', { name: `${roles.join('+')} on ${issuers.join(',')}`, roles, issuers });
    await expectRecord(created, 201, {
      action: 'api-key.create',
      target: { type: 'api-key', id: created.body.apiKeyId },
      outcome: 'success',
      actor: adminActor,
    });
    secrets.push(created.body.key);
    // Requests of the keys alternate between the replicas in cluster mode: records are shared.
    const edge = platform.edges[Object.keys(keys).length % platform.edges.length]!;
    return { apiKeyId: created.body.apiKeyId as string, client: new AdminClient(edge, created.body.key) };
  }

  before(async () => {
    platform = await startTarget();
    startedAt = new Date().toISOString();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    secrets.push(platform.adminKey);
    // A bootstrap key is named by 8 hex digits of its SHA-256 (access/admin-key.resolver.ts), never by itself.
    adminActor = { type: 'admin-key', id: createHash('sha256').update(platform.adminKey).digest('hex').slice(0, 8) };
  });
  after(async () => platform?.stop());

  it('records one entry per kind of change made with an admin key', async () => {
    const success = (action: string, type: string, id: string | undefined, issuerId?: string): Expected => ({
      action,
      target: { type, ...(id !== undefined ? { id } : {}) },
      outcome: 'success',
      actor: adminActor,
      ...(issuerId ? { issuerId } : {}),
    });

    await expectRecord(await admin.post('/api/v1/issuers', issuerBody(ACME)), 201, success('issuer.create', 'issuer', ACME, ACME));
    await expectRecord(await admin.post('/api/v1/issuers', issuerBody(GLOBEX)), 201, success('issuer.create', 'issuer', GLOBEX, GLOBEX));
    const key = await admin.post('/api/v1/keys', { type: 'secp256r1', issuerId: ACME });
    acmeKeyId = key.body.keyId;
    await expectRecord(key, 201, success('key.create', 'key', acmeKeyId, ACME));
    globexKeyId = (await admin.post('/api/v1/keys', { type: 'secp256r1', issuerId: GLOBEX })).body.keyId;
    const certificate = await admin.post('/api/v1/certificates', {
      profile: 'self-signed',
      keyId: acmeKeyId,
      subject: { commonName: ACME, country: 'DE' },
      issuerId: ACME,
    });
    await expectRecord(certificate, 201, success('certificate.create', 'certificate', certificate.body.certificateId, ACME));
    const did = await admin.post('/api/v1/dids', { method: 'jwk', keyId: acmeKeyId, issuerId: ACME });
    await expectRecord(did, 201, success('did.create', 'did', did.body.did, ACME));
    await expectRecord(
      await admin.put(`/api/v1/issuers/${ACME}`, issuerBody(ACME, 'Audited, renamed')),
      200,
      success('issuer.update', 'issuer', ACME, ACME),
    );

    const profileBody = {
      name: 'Identity',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: acmeKeyId,
      credentialData: { given_name: 'Erika' },
      credentialStatus: { type: 'TokenStatusList' },
    };
    const profile = await admin.post(`/api/v1/issuers/${ACME}/profiles`, profileBody);
    profileId = profile.body.profileId;
    await expectRecord(profile, 201, success('profile.create', 'profile', profileId, ACME));
    await expectRecord(
      await admin.put(`/api/v1/issuers/${ACME}/profiles/${profileId}`, { ...profileBody, name: 'Identity v2' }),
      200,
      success('profile.update', 'profile', profileId, ACME),
    );
    const spare = await admin.post(`/api/v1/issuers/${ACME}/profiles`, { ...profileBody, name: 'Spare' });
    await expectRecord(
      await admin.delete(`/api/v1/issuers/${ACME}/profiles/${spare.body.profileId}`),
      204,
      success('profile.delete', 'profile', spare.body.profileId, ACME),
    );

    const passwords = ['correct horse battery staple', 'another long passphrase 2'];
    secrets.push(...passwords);
    await expectRecord(
      await admin.post(`/api/v1/issuers/${ACME}/users`, { username: 'alice', password: passwords[0] }),
      201,
      success('user.create', 'user', 'alice', ACME),
    );
    await expectRecord(
      await admin.put(`/api/v1/issuers/${ACME}/users/alice`, { password: passwords[1] }),
      200,
      success('user.update', 'user', 'alice', ACME),
    );
    await admin.post(`/api/v1/issuers/${ACME}/users`, { username: 'bob', password: passwords[0] });
    await expectRecord(await admin.delete(`/api/v1/issuers/${ACME}/users/bob`), 204, success('user.delete', 'user', 'bob', ACME));

    const rotated = await admin.post(`/api/v1/issuers/${ACME}/webhook-secret`);
    secrets.push(rotated.body.secret);
    await expectRecord(rotated, 201, success('webhook-secret.rotate', 'webhook-secret', ACME, ACME));
    const token = await admin.post(`/api/v1/issuers/${ACME}/events/token`);
    secrets.push(token.body.token);
    await expectRecord(token, 200, success('stream-token.create', 'issuer', ACME, ACME));

    const spareKey = (await admin.post('/api/v1/keys', { type: 'ed25519', issuerId: ACME })).body.keyId;
    await expectRecord(await admin.post(`/api/v1/keys/${spareKey}/disable`), 200, success('key.disable', 'key', spareKey, ACME));
    await expectRecord(await admin.post(`/api/v1/keys/${spareKey}/enable`), 200, success('key.enable', 'key', spareKey, ACME));
    const spareDid = (await admin.post('/api/v1/dids', { method: 'jwk', keyId: spareKey, issuerId: ACME })).body.did;
    await expectRecord(
      await admin.delete(`/api/v1/dids/${encodeURIComponent(spareDid)}`),
      204,
      success('did.delete', 'did', spareDid, ACME),
    );
    await expectRecord(await admin.delete(`/api/v1/keys/${spareKey}`), 204, success('key.delete', 'key', spareKey, ACME));

    const config = { enabled: false, maxIssuerSessionAge: '30d', schedule: '0 3 * * *', dryRun: true, maxDeletePerRun: 500 };
    await expectRecord(
      await admin.put('/api/v1/retention', config),
      200,
      success('retention.config.update', 'retention-config', 'deployment'),
    );
    const run = await admin.post('/api/v1/retention/runs', { dryRun: true });
    await expectRecord(run, 200, success('retention.run', 'retention-run', run.body.runId));

    await admin.post('/api/v1/issuers', issuerBody('audit-tmp'));
    await expectRecord(await admin.delete('/api/v1/issuers/audit-tmp'), 204, success('issuer.delete', 'issuer', 'audit-tmp', 'audit-tmp'));
  });

  it('records changes made with an API key under that key, failures included', async () => {
    keys.offers = await createApiKey(['offer-manager'], [ACME]);
    keys.status = await createApiKey(['status-manager'], [ACME]);
    keys.viewer = await createApiKey(['viewer'], [ACME]);
    keys.issuerAdmin = await createApiKey(['issuer-admin'], [ACME]);
    keys.globexAdmin = await createApiKey(['issuer-admin'], [GLOBEX]);
    const by = (key: keyof typeof keys) => ({ type: 'api-key' as const, id: keys[key].apiKeyId });

    const offer = await keys.offers.client.post(`/api/v1/issuers/${ACME}/profiles/${profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      valueMode: 'BY_REFERENCE',
    });
    await expectRecord(offer, 201, {
      action: 'offer.create',
      target: { type: 'session', id: offer.body.sessionId },
      outcome: 'success',
      actor: by('offers'),
      issuerId: ACME,
    });
    secrets.push(await preAuthorizedCodeOf(offer.body.credentialOfferUri));
    await new TestWallet().preAuthorizedFlow(offer.body.credentialOffer);
    const session = (await admin.get(`/api/v1/issuers/${ACME}/sessions/${offer.body.sessionId}`)).body;
    const credentialId = session.credentials[0].credentialId;
    // A second credential, revoked through its session (REVOKED is final, so not the first one again).
    const second = await keys.offers.client.post(`/api/v1/issuers/${ACME}/profiles/${profileId}/offers`, { authMethod: 'PRE_AUTHORIZED' });
    await new TestWallet().preAuthorizedFlow(second.body.credentialOffer);

    await expectRecord(
      await keys.status.client.put(`/api/v1/issuers/${ACME}/credentials/${credentialId}/status`, { status: 'REVOKED' }),
      200,
      {
        action: 'credential.status.change',
        target: { type: 'credential', id: credentialId },
        outcome: 'success',
        actor: by('status'),
        issuerId: ACME,
      },
    );
    await expectRecord(
      await keys.status.client.put(`/api/v1/issuers/${ACME}/sessions/${second.body.sessionId}/status`, { status: 'REVOKED' }),
      200,
      {
        action: 'credential.status.change',
        target: { type: 'session', id: second.body.sessionId },
        outcome: 'success',
        actor: by('status'),
        issuerId: ACME,
      },
    );
    const eventId = randomUUID();
    await expectRecord(
      await keys.offers.client.post(`/api/v1/issuers/${ACME}/sessions/${offer.body.sessionId}/deliveries/${eventId}/redeliver`),
      404,
      { action: 'webhook.redeliver', target: { type: 'event', id: eventId }, outcome: 'failure', actor: by('offers'), issuerId: ACME },
    );
    await expectRecord(await keys.issuerAdmin.client.post(`/api/v1/issuers/${ACME}/profiles`, { name: 'incomplete' }), 400, {
      action: 'profile.create',
      target: { type: 'profile' },
      outcome: 'failure',
      actor: by('issuerAdmin'),
      issuerId: ACME,
    });
    await expectRecord(await keys.issuerAdmin.client.delete(`/api/v1/issuers/${ACME}/sessions/${offer.body.sessionId}`), 204, {
      action: 'session.purge',
      target: { type: 'session', id: offer.body.sessionId },
      outcome: 'success',
      actor: by('issuerAdmin'),
      issuerId: ACME,
    });
    const revoked = await admin.delete(`/api/v1/api-keys/${keys.globexAdmin.apiKeyId}`);
    await expectRecord(revoked, 204, {
      action: 'api-key.revoke',
      target: { type: 'api-key', id: keys.globexAdmin.apiKeyId },
      outcome: 'success',
      actor: adminActor,
    });
    keys.globexAdmin = await createApiKey(['issuer-admin'], [GLOBEX]);
  });

  it('records a refused change as denied, once, and the change does not happen', async () => {
    const before = (await admin.get(`/api/v1/issuers/${ACME}`)).body;
    const refused = await keys.viewer.client.put(`/api/v1/issuers/${ACME}`, issuerBody(ACME, 'Taken over'));
    assert.equal(refused.body.detail, `requires issuer-admin on ${ACME}`);
    await expectRecord(refused, 403, {
      action: 'issuer.update',
      target: { type: 'issuer', id: ACME },
      outcome: 'denied',
      actor: { type: 'api-key', id: keys.viewer.apiKeyId },
      issuerId: ACME,
    });
    assert.deepEqual((await admin.get(`/api/v1/issuers/${ACME}`)).body, before, 'the issuer is unchanged');

    await expectRecord(await keys.viewer.client.delete(`/api/v1/keys/${acmeKeyId}`), 403, {
      action: 'key.delete',
      target: { type: 'key', id: acmeKeyId },
      outcome: 'denied',
      actor: { type: 'api-key', id: keys.viewer.apiKeyId },
      issuerId: ACME,
    });
    // Another team's key reads as missing to acme's admin; the log says who tried, on whose key.
    await expectRecord(await keys.issuerAdmin.client.delete(`/api/v1/keys/${globexKeyId}`), 404, {
      action: 'key.delete',
      target: { type: 'key', id: globexKeyId },
      outcome: 'denied',
      actor: { type: 'api-key', id: keys.issuerAdmin.apiKeyId },
      issuerId: GLOBEX,
    });
    assert.equal((await admin.get(`/api/v1/keys/${globexKeyId}`)).status, 200, 'the key is still there');
    await expectRecord(await keys.issuerAdmin.client.post('/api/v1/api-keys', { name: 'x', roles: ['viewer'], issuers: ['*'] }), 403, {
      action: 'api-key.create',
      target: { type: 'api-key' },
      outcome: 'denied',
      actor: { type: 'api-key', id: keys.issuerAdmin.apiKeyId },
    });
  });

  it('records nothing for reads, for unauthenticated requests, and for refused reads', async () => {
    const ids: string[] = [];
    const send = async (client: AdminClient, method: string, path: string, body?: unknown) => {
      const requestId = `audit-e2e-${randomUUID()}`;
      ids.push(requestId);
      return client.request(method, path, body, { 'x-request-id': requestId });
    };
    assert.equal((await send(admin, 'GET', '/api/v1/issuers')).status, 200);
    assert.equal((await send(admin, 'GET', `/api/v1/issuers/${ACME}/profiles/${profileId}`)).status, 200);
    assert.equal((await send(admin, 'GET', '/api/v1/audit')).status, 200);
    assert.equal((await send(keys.viewer.client, 'GET', `/api/v1/issuers/${GLOBEX}`)).status, 404);
    assert.equal((await send(keys.viewer.client, 'GET', '/api/v1/audit')).status, 403);
    const stranger = new AdminClient(platform.baseUrl, 'not-a-key-of-this-platform');
    assert.equal((await send(stranger, 'DELETE', `/api/v1/issuers/${ACME}`)).status, 401);
    const recorded = (await allRecords()).filter((r) => ids.includes(r.requestId));
    assert.deepEqual(recorded, []);
  });

  it('filters by issuer, actor and time, and pages newest first with a cursor', async () => {
    const all = await allRecords();
    assert.ok(all.length >= 30, `${all.length} records`);
    const byIssuer = await allRecords(`&issuerId=${ACME}`);
    assert.deepEqual(
      byIssuer.map((r) => r.auditId),
      all.filter((r) => r.issuerId === ACME).map((r) => r.auditId),
    );
    const actor = keys.status.apiKeyId;
    const byActor = await allRecords(`&actor=${actor}`);
    assert.equal(byActor.length, 2);
    assert.ok(byActor.every((r) => r.actor.id === actor));
    const middle = all[Math.floor(all.length / 2)]!;
    const since = await allRecords(`&since=${encodeURIComponent(middle.at)}`);
    assert.ok(since.some((r) => r.auditId === middle.auditId));
    assert.deepEqual(
      since.map((r) => r.auditId),
      all.filter((r) => r.at >= middle.at).map((r) => r.auditId),
    );

    const paged: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.get(`/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.body.items.length <= 7);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      paged.map((r) => r.auditId),
      all.map((r) => r.auditId),
      'the pages together are the log, newest first, without repeats',
    );
    assert.ok(
      all.every((r, i) => i === 0 || all[i - 1]!.at >= r.at),
      'newest first',
    );

    for (const query of ['limit=0', 'limit=501', 'cursor=abc', 'since=yesterday', 'sort=asc'])
      assert.equal((await admin.get(`/api/v1/audit?${query}`)).status, 400, query);
  });

  it("lets an issuer-admin read only its issuers' records", async () => {
    const acme = await keys.issuerAdmin.client.get('/api/v1/audit?limit=500');
    assert.equal(acme.status, 200);
    assert.ok(acme.body.items.length > 20);
    assert.ok(
      acme.body.items.every((r: AuditRecord) => r.issuerId === ACME),
      'only acme, no deployment-wide records',
    );
    assert.deepEqual((await keys.issuerAdmin.client.get(`/api/v1/audit?issuerId=${GLOBEX}`)).body, { items: [] });
    const globex = await keys.globexAdmin.client.get('/api/v1/audit?limit=500');
    const tried = globex.body.items.find((r: AuditRecord) => r.actor.id === keys.issuerAdmin.apiKeyId);
    assert.equal(tried?.outcome, 'denied', "globex's admin sees acme's attempt on its key");
    assert.ok(globex.body.items.every((r: AuditRecord) => r.issuerId === GLOBEX));
    const viewer = await keys.viewer.client.get('/api/v1/audit');
    assert.deepEqual([viewer.status, viewer.body.detail], [403, 'requires issuer-admin']);
  });

  it('never records a secret: keys, passwords, webhook secrets, stream tokens', async () => {
    const text = JSON.stringify(await allRecords());
    assert.ok(secrets.length >= 10);
    for (const secret of secrets) assert.ok(!text.includes(secret), `a record holds a secret (${secret.slice(0, 4)}…)`);
  });

  it(
    'publishes every record on the JetStream stream AUDIT_EVENTS',
    { skip: target !== 'cluster' && 'standalone has no NATS' },
    async () => {
      const all = await allRecords();
      const nc = await connect({ servers: platform.natsUrl! });
      try {
        const messages = await waitFor(
          'every record on AUDIT_EVENTS',
          async () => {
            const read = await readStreamMessages(nc, AUDIT_EVENTS_STREAM, 'audit.events.v1.>', { timeoutMs: 20_000 });
            return read.length >= all.length ? read : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        );
        const byId = new Map(messages.map((m) => [m.msgId, m]));
        assert.equal(byId.size, messages.length, 'each record once');
        for (const record of all) {
          const message = byId.get(record.auditId);
          assert.ok(message, `${record.action} ${record.auditId} is on the stream`);
          assert.equal(message.subject, auditSubject(record.issuerId, record.action));
          assert.deepEqual(message.data, record);
        }
      } finally {
        await nc.close();
      }
    },
  );
});
