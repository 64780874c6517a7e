import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStatusLists1764361000000 implements MigrationInterface {
  name = 'CreateStatusLists1764361000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "status_list"."lists" (
      "list_id" uuid PRIMARY KEY,
      "issuer_id" text NOT NULL,
      "type" text NOT NULL,
      "purpose" text NOT NULL,
      "family" text NOT NULL,
      "signer_hash" text NOT NULL,
      "signer" jsonb NOT NULL,
      "bits" smallint NOT NULL,
      "size" integer NOT NULL,
      "allocated" integer NOT NULL DEFAULT 0,
      "state" text NOT NULL DEFAULT 'OPEN',
      "uri" text NOT NULL,
      "version" bigint NOT NULL DEFAULT 1,
      "published_version" bigint NOT NULL DEFAULT 0,
      "token" text,
      "etag" text,
      "published_at" timestamptz,
      "expires_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CHECK ("allocated" <= "size")
    )`);
    // One open list per group: concurrent creators collide here and all use the winner's list.
    await runner.query(`CREATE UNIQUE INDEX "lists_open_uidx" ON "status_list"."lists" ("issuer_id", "type", "purpose", "family", "signer_hash")
      WHERE "state" = 'OPEN'`);
    await runner.query(`CREATE INDEX "lists_dirty_idx" ON "status_list"."lists" ("published_at") WHERE "version" > "published_version"`);
    await runner.query(`CREATE INDEX "lists_expiry_idx" ON "status_list"."lists" ("expires_at")`);
    await runner.query(`CREATE TABLE "status_list"."entries" (
      "list_id" uuid NOT NULL REFERENCES "status_list"."lists" ("list_id") ON DELETE CASCADE,
      "idx" integer NOT NULL,
      "issuer_id" text NOT NULL,
      "session_id" text NOT NULL,
      "credential_id" text NOT NULL,
      "status" smallint NOT NULL DEFAULT 0,
      "released" boolean NOT NULL DEFAULT false,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("list_id", "idx")
    )`);
    await runner.query(`CREATE UNIQUE INDEX "entries_credential_uidx" ON "status_list"."entries" ("issuer_id", "credential_id")`);
    await runner.query(`CREATE INDEX "entries_session_idx" ON "status_list"."entries" ("issuer_id", "session_id")`);
    // Publishing reads only the entries that are not VALID.
    await runner.query(`CREATE INDEX "entries_set_idx" ON "status_list"."entries" ("list_id") WHERE "status" <> 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "status_list"."entries"`);
    await runner.query(`DROP TABLE "status_list"."lists"`);
  }
}
