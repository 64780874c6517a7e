import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { AuthorizationRequestRepository, type StoredAuthorizationRequest } from './authorization-request.repository';
import { RefreshTokenRepository } from './refresh-token.repository';

const ISSUER = 'authz-itest';
const request: StoredAuthorizationRequest = {
  clientId: 'wallet',
  redirectUri: 'https://wallet.example/cb',
  redirectUriSent: true,
  codeChallenge: 'c'.repeat(43),
  scopes: ['identity'],
  credentialConfigurationId: 'identity_sd_jwt',
};
const inMs = (ms: number) => new Date(Date.now() + ms);

/**
 * The authorization code flow's state on a real issuer_api schema: what makes request_uris, login states, codes
 * and refresh tokens single-use and short-lived across replicas (each is one conditional statement).
 */
describe('authorization state (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let requests: AuthorizationRequestRepository;
  let refreshTokens: RefreshTokenRepository;

  before(async () => {
    database = await createTestDatabase('authz');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 4,
        applicationName: 'authz-itest',
      },
      pino({ level: 'silent' }),
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    requests = new AuthorizationRequestRepository(db);
    refreshTokens = new RefreshTokenRepository(db);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  async function session(): Promise<string> {
    const sessionId = `s-${randomUUID()}`;
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, credential_offer)
       VALUES ($1, $2, 'p', 1, $3, 'AUTHORIZED', 'ACTIVE', 'identity_sd_jwt', '{}', '{}')`,
      [sessionId, ISSUER, randomUUID()],
    );
    return sessionId;
  }

  it('a request_uri is taken once, by one of several concurrent takers, and never after it expired', async () => {
    await requests.insertPushed(ISSUER, randomUUID(), 'uri-1', request, inMs(60_000));
    const taken = await Promise.all(Array.from({ length: 5 }, () => requests.takePushed(ISSUER, 'uri-1')));
    assert.equal(taken.filter(Boolean).length, 1);
    await requests.insertPushed(ISSUER, randomUUID(), 'uri-2', request, inMs(-1_000));
    assert.equal(await requests.takePushed(ISSUER, 'uri-2'), undefined, 'expired');
    assert.equal(await requests.takePushed('other-issuer', 'uri-1'), undefined, 'another issuer');
  });

  it('a login state is taken once; a code redeems once, a second redemption is reported as reuse, an old code as expired', async () => {
    const requestId = randomUUID();
    const sessionId = await session();
    await requests.insertPushed(ISSUER, requestId, 'uri-3', request, inMs(60_000));
    await requests.startLogin(requestId, sessionId, { method: 'EXTERNAL_IDP', state: 's' }, 'login-3', inMs(600_000));
    const logins = await Promise.all([requests.takeLogin(ISSUER, 'login-3'), requests.takeLogin(ISSUER, 'login-3')]);
    assert.equal(logins.filter(Boolean).length, 1);
    await requests.issueCode(requestId, 'code-3');
    const redemptions = await Promise.all([requests.redeemCode(ISSUER, 'code-3'), requests.redeemCode(ISSUER, 'code-3')]);
    assert.deepEqual(redemptions.map((r) => r?.reused).sort(), [false, true]);
    assert.equal(redemptions[0]?.record.sessionId, sessionId);
    assert.equal(await requests.redeemCode(ISSUER, 'unknown'), undefined);

    const late = randomUUID();
    await requests.insertPushed(ISSUER, late, 'uri-4', request, inMs(60_000));
    await requests.startLogin(late, sessionId, { method: 'EXTERNAL_IDP' }, 'login-4', inMs(600_000));
    await requests.issueCode(late, 'code-4', -1);
    const expired = await requests.redeemCode(ISSUER, 'code-4');
    assert.equal(expired?.reused, false);
    assert.equal(expired?.record.codeExpired, true);
  });

  it('a code lives at most 60 s by the database clock, whatever lifetime is asked for', async () => {
    const sessionId = await session();
    const lifetimes: Record<string, number | undefined> = { 'code-default': undefined, 'code-long': 3600 };
    for (const [code, lifetime] of Object.entries(lifetimes)) {
      const requestId = randomUUID();
      await requests.insertPushed(ISSUER, requestId, `uri-${code}`, request, inMs(60_000));
      await requests.startLogin(requestId, sessionId, { method: 'EXTERNAL_IDP' }, `login-${code}`, inMs(600_000));
      await (lifetime === undefined ? requests.issueCode(requestId, code) : requests.issueCode(requestId, code, lifetime));
      const { rows } = await db.sql<{ within: boolean; alive: boolean }>(
        `SELECT code_expires_at <= now() + interval '60 seconds' AS within, code_expires_at > now() AS alive
         FROM issuer_api.authorization_requests WHERE request_id = $1`,
        [requestId],
      );
      assert.deepEqual(rows[0], { within: true, alive: true }, code);
    }
  });

  it('a refresh token is used once; presented again it is a replay and its whole family is revoked', async () => {
    const sessionId = await session();
    const insert = (hash: string, family: string) =>
      db.sql(
        `INSERT INTO issuer_api.refresh_tokens (token_hash, family_id, issuer_id, session_id, client_id, expires_at)
         VALUES ($1, $2, $3, $4, 'wallet', now() + interval '1 hour')`,
        [hash, family, ISSUER, sessionId],
      );
    await insert('rt-1', 'fam');
    assert.equal((await refreshTokens.consume(ISSUER, 'rt-1'))?.outcome, 'used');
    await insert('rt-2', 'fam');
    assert.equal((await refreshTokens.consume(ISSUER, 'rt-1'))?.outcome, 'replayed');
    assert.equal(await refreshTokens.consume(ISSUER, 'rt-2'), undefined, 'the successor is revoked with its family');
  });

  it('a refresh token is used up only by its client with its DPoP key; a mismatch leaves it usable', async () => {
    const sessionId = await session();
    await db.sql(
      `INSERT INTO issuer_api.refresh_tokens (token_hash, family_id, issuer_id, session_id, client_id, jkt, expires_at)
       VALUES ('rt-bound', 'fam-bound', $1, $2, 'wallet', 'jkt-1', now() + interval '1 hour')`,
      [ISSUER, sessionId],
    );
    for (const presenter of [{ clientId: 'wallet', jkt: 'jkt-2' }, { clientId: 'wallet' }, { clientId: 'other', jkt: 'jkt-1' }]) {
      const refused = await refreshTokens.consume(ISSUER, 'rt-bound', presenter);
      assert.equal(refused?.outcome, 'mismatch', JSON.stringify(presenter));
      assert.deepEqual([refused.record.clientId, refused.record.jkt], ['wallet', 'jkt-1']);
    }
    const { rows } = await db.sql<{ used_at: Date | null }>(`SELECT used_at FROM issuer_api.refresh_tokens WHERE token_hash = 'rt-bound'`);
    assert.equal(rows[0]?.used_at, null, 'not used up by the refused requests');
    assert.equal((await refreshTokens.consume(ISSUER, 'rt-bound', { clientId: 'wallet', jkt: 'jkt-1' }))?.outcome, 'used');
    assert.equal((await refreshTokens.consume(ISSUER, 'rt-bound', { clientId: 'wallet', jkt: 'jkt-2' }))?.outcome, 'replayed');
  });
});
