import { Inject, Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../users/password-hasher';
import { UserRepository } from '../../users/user.repository';

/** API.md §11: after five failures in a row every login of that user fails for 15 minutes. */
export const USER_FAILURE_LIMIT = 5;
export const USER_LOCK_SECONDS = 15 * 60;

export type PasswordCheck = { ok: true; claims: Record<string, unknown> } | { ok: false };

/**
 * Checks a username and password of an issuer's users. Every refusal looks the same to the caller (unknown user,
 * wrong password, locked user) and costs the same: one lookup, one Argon2 verification (against a dummy hash for an
 * unknown user, against the real one for a locked user), one failure update. So neither the answer nor its timing
 * tells whether a username exists.
 */
@Injectable()
export class PasswordAuthenticator {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async check(issuerId: string, username: string, password: string): Promise<PasswordCheck> {
    const user = await this.users.credentials(issuerId, username);
    const matches = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyUnknown(password);
    if (user && matches && !user.locked) {
      await this.users.recordSuccess(issuerId, username);
      // API.md §11: the login claims are the user's claims with `username` added at the top level.
      return { ok: true, claims: { ...user.claims, username } };
    }
    await this.users.recordFailure(issuerId, username, USER_FAILURE_LIMIT, USER_LOCK_SECONDS);
    return { ok: false };
  }
}
