import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ServiceDatabase } from '@issuer/platform';
import { createTestDatabase } from '@issuer/testing';
import { AuthorizationRequestRepository, type StoredAuthorizationRequest } from '../authorization/authorization-request.repository';
import { ISSUER_API_MIGRATIONS } from '../database/issuer-api-migrations';
import { UserRepository } from './user.repository';

const ISSUER = 'users-itest';
const LIMIT = 5;
const LOCK_SECONDS = 900;

/**
 * The state of the `PASSWORD` login on a real issuer_api schema: users per issuer (gone with the issuer), the
 * lockout counted in single statements (concurrent failures all count), and the pending login kept open while its
 * form takes wrong answers.
 */
describe('password users and login state (issuer-api, real PostgreSQL)', { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ServiceDatabase;
  let users: UserRepository;
  let requests: AuthorizationRequestRepository;

  before(async () => {
    database = await createTestDatabase('users');
    db = await ServiceDatabase.open(
      {
        url: database.url,
        schema: 'issuer_api',
        entities: [],
        migrations: ISSUER_API_MIGRATIONS,
        poolSize: 6,
        applicationName: 'users-itest',
      },
      pino({ level: 'silent' }),
      true,
    );
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ($1, '{}')`, [ISSUER]);
    users = new UserRepository(db);
    requests = new AuthorizationRequestRepository(db);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  const locked = async (username: string) => (await users.credentials(ISSUER, username))?.locked;
  const attempts = async (username: string) =>
    (
      await db.sql<{ n: number }>(`SELECT failed_attempts AS n FROM issuer_api.users WHERE issuer_id = $1 AND username = $2`, [
        ISSUER,
        username,
      ])
    ).rows[0]?.n;

  it('stores users per issuer: a taken username is refused, the hash stays inside, an update changes what is given', async () => {
    const created = await users.insert(ISSUER, 'ada', '$argon2id$hash-1', { given_name: 'Ada' });
    assert.equal(created?.username, 'ada');
    assert.ok(!('passwordHash' in created!) && !JSON.stringify(created).includes('argon2'));
    assert.equal(await users.insert(ISSUER, 'ada', '$argon2id$hash-2', {}), undefined);
    const renamed = await users.update(ISSUER, 'ada', { claims: { given_name: 'Augusta' } });
    assert.deepEqual(renamed?.claims, { given_name: 'Augusta' });
    assert.equal((await users.credentials(ISSUER, 'ada'))?.passwordHash, '$argon2id$hash-1', 'claims only: the password stays');
    await users.update(ISSUER, 'ada', { passwordHash: '$argon2id$hash-3' });
    assert.deepEqual((await users.credentials(ISSUER, 'ada'))?.claims, { given_name: 'Augusta' }, 'password only: the claims stay');
    assert.equal(await users.update(ISSUER, 'nobody', { claims: {} }), undefined);
    assert.deepEqual(
      (await users.list(ISSUER)).map((u) => u.username),
      ['ada'],
    );
    assert.equal(await users.delete(ISSUER, 'ada'), true);
    assert.equal(await users.delete(ISSUER, 'ada'), false);
  });

  it('locks a user at the fifth failure in a row (concurrent ones all count); a lock is not prolonged; a new password lifts it', async () => {
    await users.insert(ISSUER, 'bob', '$argon2id$hash', {});
    await Promise.all(Array.from({ length: LIMIT - 1 }, () => users.recordFailure(ISSUER, 'bob', LIMIT, LOCK_SECONDS)));
    assert.equal(await attempts('bob'), LIMIT - 1);
    assert.equal(await locked('bob'), false);
    await users.recordFailure(ISSUER, 'bob', LIMIT, LOCK_SECONDS);
    assert.equal(await locked('bob'), true);
    const until = async () =>
      (await db.sql<{ until: Date }>(`SELECT locked_until AS until FROM issuer_api.users WHERE username = 'bob'`)).rows[0]!.until.getTime();
    const lockedUntil = await until();
    await users.recordFailure(ISSUER, 'bob', LIMIT, LOCK_SECONDS);
    assert.equal(await until(), lockedUntil, 'a failure while locked does not prolong the lock');
    assert.equal(await attempts('bob'), LIMIT);
    await users.update(ISSUER, 'bob', { passwordHash: '$argon2id$new' });
    assert.equal(await locked('bob'), false);
    assert.equal(await attempts('bob'), 0);
  });

  it('counts again from one once a lock has run out; a success ends a run of failures', async () => {
    await users.insert(ISSUER, 'eve', '$argon2id$hash', {});
    for (let i = 0; i < LIMIT; i++) await users.recordFailure(ISSUER, 'eve', LIMIT, LOCK_SECONDS);
    assert.equal(await locked('eve'), true);
    // The lock ran out (moved into the past here instead of waiting 15 minutes).
    await db.sql(`UPDATE issuer_api.users SET locked_until = now() - interval '1 second' WHERE username = 'eve'`);
    assert.equal(await locked('eve'), false);
    await users.recordFailure(ISSUER, 'eve', LIMIT, LOCK_SECONDS);
    assert.equal(await attempts('eve'), 1);
    assert.equal(await locked('eve'), false);
    await users.recordSuccess(ISSUER, 'eve');
    assert.equal(await attempts('eve'), 0);
    await users.recordFailure(ISSUER, 'nobody', LIMIT, LOCK_SECONDS);
    assert.equal(await users.credentials(ISSUER, 'nobody'), undefined, 'an unknown user is not created by a failure');
  });

  it('a pending login is found without being taken, counts its failures, and is gone once taken', async () => {
    const sessionId = `s-${randomUUID()}`;
    await db.sql(
      `INSERT INTO issuer_api.sessions (session_id, issuer_id, profile_id, profile_version, offer_id, auth_method, status,
         credential_configuration_id, snapshot, credential_offer)
       VALUES ($1, $2, 'p', 1, $3, 'AUTHORIZED', 'ACTIVE', 'identity_sd_jwt', '{}', '{}')`,
      [sessionId, ISSUER, randomUUID()],
    );
    const request: StoredAuthorizationRequest = {
      clientId: 'wallet',
      redirectUri: 'https://wallet.example/cb',
      redirectUriSent: true,
      codeChallenge: 'c'.repeat(43),
      scopes: [],
      credentialConfigurationId: 'identity_sd_jwt',
    };
    const requestId = randomUUID();
    await requests.insertPushed(ISSUER, requestId, 'uri-p', request, new Date(Date.now() + 60_000));
    await requests.startLogin(requestId, sessionId, { method: 'PASSWORD' }, 'login-p', new Date(Date.now() + 600_000));
    assert.equal((await requests.findLogin(ISSUER, 'login-p'))?.requestId, requestId);
    assert.equal((await requests.findLogin(ISSUER, 'login-p'))?.login?.method, 'PASSWORD', 'still there: finding does not take');
    assert.equal(await requests.findLogin('other-issuer', 'login-p'), undefined);
    const counts = await Promise.all([1, 2, 3].map(() => requests.recordLoginFailure(ISSUER, 'login-p')));
    assert.deepEqual(counts.sort(), [1, 2, 3]);
    assert.equal((await requests.findLogin(ISSUER, 'login-p'))?.login?.failedAttempts, 3);
    assert.ok(await requests.takeLogin(ISSUER, 'login-p'));
    assert.equal(await requests.findLogin(ISSUER, 'login-p'), undefined);
    assert.equal(await requests.recordLoginFailure(ISSUER, 'login-p'), undefined);
  });

  it('users go with their issuer', async () => {
    await db.sql(`INSERT INTO issuer_api.issuers (issuer_id, config) VALUES ('doomed', '{}')`);
    await users.insert('doomed', 'carol', '$argon2id$hash', {});
    await db.sql(`DELETE FROM issuer_api.issuers WHERE issuer_id = 'doomed'`);
    assert.deepEqual(await users.list('doomed'), []);
    await assert.rejects(users.insert('doomed', 'carol', '$argon2id$hash', {}), (e: Error & { status?: number }) => e.status === 404);
  });
});
