import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDids1764360300000 implements MigrationInterface {
  name = 'CreateDids1764360300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "did_registry"."dids" (
      "did" text PRIMARY KEY,
      "method" text NOT NULL,
      "key_id" uuid NOT NULL,
      "web_path" text UNIQUE,
      "document" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "dids_key_idx" ON "did_registry"."dids" ("key_id")`);
    await runner.query(`CREATE INDEX "dids_created_idx" ON "did_registry"."dids" ("created_at", "did")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "did_registry"."dids"`);
  }
}
