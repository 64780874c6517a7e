import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The users of the `PASSWORD` login (API.md §11), per issuer and deleted with it: an Argon2id PHC string (never the
 * password), the login claims, and the lockout state (failures in a row, locked until).
 */
export class PasswordUsers1765200000000 implements MigrationInterface {
  name = 'PasswordUsers1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."users" (
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "username" text NOT NULL,
      "password_hash" text NOT NULL,
      "claims" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "failed_attempts" integer NOT NULL DEFAULT 0,
      "locked_until" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("issuer_id", "username")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."users"`);
  }
}
