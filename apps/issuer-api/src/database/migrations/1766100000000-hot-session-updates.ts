import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the two updates of a pre-authorized flow (code redemption, credential) be HOT updates: PostgreSQL rewrites
 * the session row in place, without a new entry in each of its indexes, when no indexed column (key or partial-index
 * predicate) changes and the page has room. Before, each update inserted into seven indexes.
 * - Access tokens name their session (`<sessionId>.<secret>`), so the credential step finds the session by its
 *   primary key: the unique index on `access_token_hash` goes. Tokens issued before this migration no longer work
 *   (they live minutes; wallets run the flow again).
 * - Redemption no longer moves `expires_at`; the expiry sweep walks `expires_at` with a persisted mark instead of
 *   an index of ACTIVE sessions (whose predicate changed with every issuance), and extends a session whose access
 *   token outlives the offer when it gets there.
 * - The retention purge finds EXPIRED sessions by `expired_at`, set only by the expiry sweep, instead of a partial
 *   index on `status`.
 * - fillfactor 50 leaves room on each page for the updated row versions.
 */
export class HotSessionUpdates1766100000000 implements MigrationInterface {
  name = 'HotSessionUpdates1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."sessions" ADD COLUMN "expired_at" timestamptz`);
    await runner.query(`UPDATE "issuer_api"."sessions" SET "expired_at" = "updated_at" WHERE "status" = 'EXPIRED'`);
    await runner.query(`CREATE INDEX "sessions_expired_at_idx" ON "issuer_api"."sessions" ("expired_at") WHERE "expired_at" IS NOT NULL`);
    await runner.query(`DROP INDEX "issuer_api"."sessions_expired_idx"`);
    await runner.query(
      `CREATE INDEX "sessions_expiry_idx" ON "issuer_api"."sessions" ("expires_at", "session_id") WHERE "expires_at" IS NOT NULL`,
    );
    await runner.query(`CREATE TABLE "issuer_api"."sweep_marks" (
      "name" text PRIMARY KEY,
      "at" timestamptz NOT NULL,
      "after_session_id" text
    )`);
    // The sweep starts just before the earliest ACTIVE session still to expire (read through the old index).
    await runner.query(`INSERT INTO "issuer_api"."sweep_marks" ("name", "at")
      SELECT 'session_expiry', LEAST(COALESCE(min("expires_at"), now()), now()) - interval '1 second'
      FROM "issuer_api"."sessions" WHERE "status" = 'ACTIVE' AND "expires_at" IS NOT NULL`);
    await runner.query(`DROP INDEX "issuer_api"."sessions_active_expiry_idx"`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" DROP CONSTRAINT "sessions_access_token_hash_key"`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" SET (fillfactor = 50)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."sessions" RESET (fillfactor)`);
    // Tokens of the form `<sessionId>.<secret>` cannot be found by their hash alone: they end here.
    await runner.query(`UPDATE "issuer_api"."sessions" SET "access_token_hash" = NULL, "access_token_expires_at" = NULL`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" ADD CONSTRAINT "sessions_access_token_hash_key" UNIQUE ("access_token_hash")`);
    await runner.query(`CREATE INDEX "sessions_active_expiry_idx" ON "issuer_api"."sessions" ("expires_at") WHERE "status" = 'ACTIVE'`);
    await runner.query(`DROP TABLE "issuer_api"."sweep_marks"`);
    await runner.query(`DROP INDEX "issuer_api"."sessions_expiry_idx"`);
    await runner.query(`CREATE INDEX "sessions_expired_idx" ON "issuer_api"."sessions" ("created_at") WHERE "status" = 'EXPIRED'`);
    await runner.query(`DROP INDEX "issuer_api"."sessions_expired_at_idx"`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" DROP COLUMN "expired_at"`);
  }
}
