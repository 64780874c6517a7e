import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/**
 * The package declares `Algorithm` as a `const enum`, which the SWC build cannot inline across modules (the runtime
 * object is empty): its value for Argon2id is 2.
 */
const ARGON2ID = 2 as Algorithm;

/** OWASP Password Storage Cheat Sheet, Argon2id: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Passwords of the `PASSWORD` login (API.md §11) as Argon2id PHC strings. Passwords are NFKC-normalised first
 * (NIST SP 800-63B §5.1.1.2), so the same password typed on another keyboard or system still matches.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFKC'), OPTIONS);
  }

  /** Whether `password` matches `stored`; a malformed stored hash matches nothing. */
  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password.normalize('NFKC'));
    } catch {
      return false;
    }
  }

  /**
   * Spends the same work as `verify` for a user that does not exist, so the answer's timing does not tell whether
   * a username is known. Always false.
   */
  async verifyUnknown(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, password);
    return false;
  }
}
