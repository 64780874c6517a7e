import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKeys1764360000000 implements MigrationInterface {
  name = 'CreateKeys1764360000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "kms"."keys" (
      "key_id" uuid PRIMARY KEY,
      "name" text,
      "type" text NOT NULL,
      "backend" text NOT NULL,
      "alg" text NOT NULL,
      "public_jwk" jsonb NOT NULL,
      "private_key_encrypted" bytea,
      "external_key_id" text,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "keys_created_idx" ON "kms"."keys" ("created_at", "key_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "kms"."keys"`);
  }
}
