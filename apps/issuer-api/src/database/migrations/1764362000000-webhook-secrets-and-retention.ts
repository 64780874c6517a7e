import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-issuer webhook signing secrets (sealed), and the indexes of the retention purge: sessions oldest
 * first across issuers, and EXPIRED sessions of any age.
 */
export class WebhookSecretsAndRetention1764362000000 implements MigrationInterface {
  name = 'WebhookSecretsAndRetention1764362000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."webhook_secrets" (
      "issuer_id" text PRIMARY KEY REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "secret" text NOT NULL,
      "previous_secret" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "rotated_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "sessions_created_idx" ON "issuer_api"."sessions" ("created_at", "session_id")`);
    await runner.query(`CREATE INDEX "sessions_expired_idx" ON "issuer_api"."sessions" ("created_at") WHERE "status" = 'EXPIRED'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "issuer_api"."sessions_expired_idx"`);
    await runner.query(`DROP INDEX "issuer_api"."sessions_created_idx"`);
    await runner.query(`DROP TABLE "issuer_api"."webhook_secrets"`);
  }
}
