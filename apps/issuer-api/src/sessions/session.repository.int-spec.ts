import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase, type OutboxRelay } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { accessTokenOf, newAccessTokenSecret, parseAccessToken } from '../common/access-token';
import { hashSecret } from '../common/secrets';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { EventRecorder } from '../events/event-recorder';
import { SessionSnapshotStore } from './session-snapshot.store';
import { SessionRepository } from './session.repository';

const silent = pino({ level: 'silent' });
const ISSUER = 'hot-itest';
const HOUR = 3_600_000;

/**
 * The token and credential steps on a real issuer_api schema: the access token finds its session by the session id it
 * names, and both updates of the flow are HOT (no index of the session row changes), which is what keeps the
 * database's work per credential small. An index on a column these steps change would fail the HOT check. The HOT test
 * runs first: statistics of later tests' updates arrive late and would count in its window.
 */
describe('session token and credential steps (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let sessions: SessionRepository;

  before(async () => {
    database = await createTestDatabase('hot');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 2,
        applicationName: 'hot-itest',
      },
      silent,
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    sessions = new SessionRepository(db, { kick: () => undefined } as unknown as OutboxRelay, new SessionSnapshotStore(db));
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  /** An offer's session with its own snapshot, or naming a shared one. */
  async function offer(code: string, sharedSnapshot?: string): Promise<string> {
    const sessionId = `s-${randomUUID()}`;
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, snapshot_hash, credential_offer, pre_auth_code_hash, expires_at)
       VALUES ($1, $2, 'p', 1, $3, 'pre-authorized_code', 'ACTIVE', 'c', CASE WHEN $5::text IS NULL THEN '{}'::jsonb END, $5, '{}', $4,
               now() + interval '5 minutes')`,
      [sessionId, ISSUER, randomUUID(), hashSecret(code), sharedSnapshot ?? null],
    );
    return sessionId;
  }

  async function redeem(code: string): Promise<string> {
    const secret = newAccessTokenSecret();
    const redeemed = await sessions.redeemCode({
      issuerId: ISSUER,
      codeHash: hashSecret(code),
      txCodeHash: null,
      accessTokenHash: secret.hash,
      accessTokenExpiresAt: new Date(Date.now() + HOUR),
      accessTokenJkt: null,
      credentialIdentifiers: null,
      requiredConfigurationIds: null,
      requestId: 'r',
    });
    assert.ok(redeemed);
    return accessTokenOf(redeemed.sessionId, secret);
  }

  /** Updates and HOT updates of the sessions table so far, once this test's backends have reported them. */
  async function updates(atLeast: number): Promise<{ upd: number; hot: number }> {
    for (let i = 0; i < 50; i++) {
      const { rows } = await db.sql<{ upd: number; hot: number }>(
        `SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE schemaname = 'issuer_api' AND relname = 'sessions'`,
      );
      if (rows[0].upd >= atLeast) return rows[0];
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`fewer than ${atLeast} session updates were reported`);
  }

  it('redeems a code, finds the session by its token, completes issuance, with HOT updates only', async () => {
    const before = await updates(0);
    const sessionId = await offer('code-1');
    const secret = newAccessTokenSecret();
    const redeemed = await sessions.redeemCode({
      issuerId: ISSUER,
      codeHash: hashSecret('code-1'),
      txCodeHash: null,
      accessTokenHash: secret.hash,
      accessTokenExpiresAt: new Date(Date.now() + HOUR),
      accessTokenJkt: null,
      credentialIdentifiers: null,
      requiredConfigurationIds: null,
      requestId: 'r1',
    });
    assert.equal(redeemed?.sessionId, sessionId);
    const token = accessTokenOf(sessionId, secret);
    const found = await sessions.findByAccessToken(ISSUER, token);
    assert.equal(found?.sessionId, sessionId);
    assert.equal(found?.status, 'ACTIVE');

    const outcome = await sessions.completeIssuance({
      issuerId: ISSUER,
      sessionId,
      nonceHashes: [hashSecret('nonce-1')],
      nonceExpiresAt: new Date(Date.now() + HOUR),
      credentials: [{ credentialId: 'c1', format: 'dc+sd-jwt', credentialConfigurationId: 'c', issuedAt: new Date().toISOString() }],
      successEvent: { event: 'credential_request_sd_jwt_vc_succeeded' },
      requestId: 'r2',
    });
    assert.equal(outcome, 'issued');
    const after = await updates(before.upd + 2);
    assert.deepEqual({ updates: after.upd - before.upd, hot: after.hot - before.hot }, { updates: 2, hot: 2 });
  });

  it('finds no session for a token with another secret, another issuer, or no session id', async () => {
    const sessionId = await offer('code-2');
    const secret = newAccessTokenSecret();
    const redeemed = await sessions.redeemCode({
      issuerId: ISSUER,
      codeHash: hashSecret('code-2'),
      txCodeHash: null,
      accessTokenHash: secret.hash,
      accessTokenExpiresAt: new Date(Date.now() + HOUR),
      accessTokenJkt: null,
      credentialIdentifiers: null,
      requiredConfigurationIds: null,
      requestId: 'r3',
    });
    assert.equal(redeemed?.sessionId, sessionId);
    const [own, other, foreign, bare] = await Promise.all([
      sessions.findByAccessToken(ISSUER, accessTokenOf(sessionId, secret)),
      sessions.findByAccessToken(ISSUER, accessTokenOf(sessionId, newAccessTokenSecret())),
      sessions.findByAccessToken('another-issuer', accessTokenOf(sessionId, secret)),
      sessions.findByAccessToken(ISSUER, secret.secret),
    ]);
    assert.equal(own?.sessionId, sessionId);
    assert.deepEqual([other, foreign, bare], [undefined, undefined, undefined]);
  });

  it('records a nonce event in the session of an unexpired access token of the issuer, issuer-wide otherwise, in one statement', async () => {
    const issuerId = `${ISSUER}-2`;
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [issuerId]);
    await offer('code-nonce-live');
    await offer('code-nonce-old');
    const live = parseAccessToken(await redeem('code-nonce-live'))!;
    const old = parseAccessToken(await redeem('code-nonce-old'))!;
    await db.sql(`UPDATE issuer_api.sessions SET access_token_expires_at = now() - interval '1 second' WHERE session_id = $1`, [
      old.sessionId,
    ]);
    let statements = 0;
    const counting = { sqlRelaxed: (...args: Parameters<ServiceDatabase['sqlRelaxed']>) => (statements++, db.sqlRelaxed(...args)) };
    const recorder = new EventRecorder(counting as unknown as ServiceDatabase, { kick: () => undefined } as unknown as OutboxRelay);
    const cases = {
      live,
      expired: old,
      'another secret': { ...live, hash: newAccessTokenSecret().hash },
      'another issuer': live,
      none: undefined,
    };
    await Promise.all(
      Object.entries(cases).map(([name, token]) =>
        recorder.recordEventsOfAccessToken(
          name === 'another issuer' ? issuerId : ISSUER,
          token,
          [{ event: 'nonce_request_succeeded' }],
          name,
        ),
      ),
    );
    assert.equal(statements, 1, 'five events, lookups included, in one statement');
    const { rows } = await db.sql<{ request_id: string; session_id: string | null; profile_id: string | null }>(
      `SELECT payload->>'requestId' AS request_id, session_id, payload->>'profileId' AS profile_id FROM issuer_api.events
        WHERE event = 'nonce_request_succeeded'`,
    );
    const byRequest = Object.fromEntries(rows.map((r) => [r.request_id, [r.session_id, r.profile_id]]));
    assert.deepEqual(byRequest, {
      live: [live.sessionId, 'p'],
      expired: [null, null],
      'another secret': [null, null],
      'another issuer': [null, null],
      none: [null, null],
    });
  });

  it('gives the session its shared snapshot (stored once by hash) or its own', async () => {
    const shared = { profile: { name: 'shared profile' }, credentialConfiguration: { format: 'dc+sd-jwt' } };
    await db.sql(`INSERT INTO issuer_api.session_snapshots (hash, body) VALUES ('h-shared', $1)`, [JSON.stringify(shared)]);
    await offer('code-shared-1', 'h-shared');
    await offer('code-shared-2', 'h-shared');
    await offer('code-own');
    const [first, second, own] = await Promise.all(
      ['code-shared-1', 'code-shared-2', 'code-own'].map(async (code) => sessions.findByAccessToken(ISSUER, await redeem(code))),
    );
    assert.deepEqual(first?.snapshot, shared);
    assert.deepEqual(second?.snapshot, shared);
    assert.deepEqual(own?.snapshot, {});
  });
});
