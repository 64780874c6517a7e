import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableDown, outboxTableUp } from '@issuer/platform';

export class CreateIssuerApi1764360100000 implements MigrationInterface {
  name = 'CreateIssuerApi1764360100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."settings" ("key" text PRIMARY KEY, "value" text NOT NULL)`);
    await runner.query(`CREATE TABLE "issuer_api"."issuers" (
      "issuer_id" text PRIMARY KEY,
      "config" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE "issuer_api"."profiles" (
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "profile_id" text NOT NULL,
      "version" integer NOT NULL,
      "status" text NOT NULL,
      "body" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("issuer_id", "profile_id")
    )`);
    await runner.query(`CREATE TABLE "issuer_api"."profile_versions" (
      "issuer_id" text NOT NULL,
      "profile_id" text NOT NULL,
      "version" integer NOT NULL,
      "body" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("issuer_id", "profile_id", "version"),
      FOREIGN KEY ("issuer_id", "profile_id") REFERENCES "issuer_api"."profiles" ("issuer_id", "profile_id") ON DELETE CASCADE
    )`);
    await runner.query(`CREATE TABLE "issuer_api"."sessions" (
      "session_id" text PRIMARY KEY,
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "profile_id" text NOT NULL,
      "profile_version" integer NOT NULL,
      "offer_id" uuid NOT NULL UNIQUE,
      "auth_method" text NOT NULL,
      "status" text NOT NULL,
      "status_reason" text,
      "credential_configuration_id" text NOT NULL,
      "snapshot" jsonb NOT NULL,
      "credential_offer" jsonb NOT NULL,
      "pre_auth_code_hash" text UNIQUE,
      "tx_code_hash" text,
      "tx_attempts" integer NOT NULL DEFAULT 0,
      "code_redeemed_at" timestamptz,
      "access_token_hash" text UNIQUE,
      "access_token_expires_at" timestamptz,
      "credential_identifiers" jsonb,
      "credentials" jsonb NOT NULL DEFAULT '[]',
      "expires_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "sessions_issuer_idx" ON "issuer_api"."sessions" ("issuer_id", "created_at", "session_id")`);
    await runner.query(`CREATE INDEX "sessions_active_expiry_idx" ON "issuer_api"."sessions" ("expires_at") WHERE "status" = 'ACTIVE'`);
    await runner.query(`CREATE TABLE "issuer_api"."used_nonces" ("nonce_hash" text PRIMARY KEY, "expires_at" timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX "used_nonces_expiry_idx" ON "issuer_api"."used_nonces" ("expires_at")`);
    for (const sql of outboxTableUp('issuer_api', 'events')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of outboxTableDown('issuer_api', 'events')) await runner.query(sql);
    for (const table of ['used_nonces', 'sessions', 'profile_versions', 'profiles', 'issuers', 'settings']) {
      await runner.query(`DROP TABLE "issuer_api"."${table}"`);
    }
  }
}
