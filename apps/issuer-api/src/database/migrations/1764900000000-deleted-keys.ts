import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys deleted through the admin API. A configuration that starts using a key checks this table under a shared
 * advisory lock that the delete holds exclusively, so a profile or issuer can never be stored with a key that
 * kms has just deleted (see keys/key-deletion.lock.ts).
 */
export class DeletedKeys1764900000000 implements MigrationInterface {
  name = 'DeletedKeys1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."deleted_keys" (
      "key_id" text PRIMARY KEY,
      "deleted_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."deleted_keys"`);
  }
}
