import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PasswordHasher } from '../../users/password-hasher';
import type { UserCredentials, UserRepository } from '../../users/user.repository';
import { PasswordAuthenticator, USER_FAILURE_LIMIT, USER_LOCK_SECONDS } from './password-authenticator';

/** The repository calls the authenticator makes, recorded; the lockout SQL itself is tested on PostgreSQL. */
class FakeUsers {
  calls: string[] = [];
  constructor(private readonly users: Record<string, UserCredentials>) {}
  async credentials(_issuerId: string, username: string) {
    this.calls.push(`credentials ${username}`);
    return this.users[username];
  }
  async recordFailure(_issuerId: string, username: string, limit: number, lockSeconds: number) {
    this.calls.push(`failure ${username} ${limit} ${lockSeconds}`);
  }
  async recordSuccess(_issuerId: string, username: string) {
    this.calls.push(`success ${username}`);
  }
}

class CountingHasher extends PasswordHasher {
  verifications = 0;
  override async verify(stored: string, password: string) {
    this.verifications++;
    return super.verify(stored, password);
  }
}

describe('PasswordAuthenticator', async () => {
  const hasher = new CountingHasher();
  const passwordHash = await hasher.hash('the right password');
  const claims = { given_name: 'Ada', username: 'spoofed' };

  const setup = () => {
    const users = new FakeUsers({
      ada: { passwordHash, claims, locked: false },
      bob: { passwordHash, claims: {}, locked: true },
    });
    hasher.verifications = 0;
    return { users, authenticator: new PasswordAuthenticator(users as unknown as UserRepository, hasher) };
  };

  it('answers the claims with the username added at the top level, and ends a run of failures', async () => {
    const { users, authenticator } = setup();
    assert.deepEqual(await authenticator.check('acme', 'ada', 'the right password'), {
      ok: true,
      claims: { given_name: 'Ada', username: 'ada' },
    });
    assert.deepEqual(users.calls, ['credentials ada', 'success ada']);
  });

  it('refuses a wrong password, an unknown user and a locked user alike: one verification and one failure each', async () => {
    const limits = `${USER_FAILURE_LIMIT} ${USER_LOCK_SECONDS}`;
    for (const [username, password] of [
      ['ada', 'a wrong password'],
      ['nobody', 'the right password'],
      ['bob', 'the right password'],
    ]) {
      const { users, authenticator } = setup();
      assert.deepEqual(await authenticator.check('acme', username, password), { ok: false }, username);
      assert.deepEqual(users.calls, [`credentials ${username}`, `failure ${username} ${limits}`], username);
      assert.equal(hasher.verifications, 1, `${username}: one Argon2 verification`);
    }
    assert.equal(USER_FAILURE_LIMIT, 5);
    assert.equal(USER_LOCK_SECONDS, 900);
  });
});
