import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of the admin API (API.md §13): the SHA-256 of the key (never the key), its roles and issuer scope
 * (`{*}` for every issuer), who created it, expiry and revocation. A revoked key keeps its row, so its id still names
 * someone; requests find their key by the unique hash index.
 */
export class ApiKeys1765400000000 implements MigrationInterface {
  name = 'ApiKeys1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."api_keys" (
      "api_key_id" uuid PRIMARY KEY,
      "key_hash" text NOT NULL UNIQUE,
      "key_prefix" text NOT NULL,
      "name" text NOT NULL,
      "roles" text[] NOT NULL,
      "issuers" text[] NOT NULL,
      "created_by" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz,
      "revoked_at" timestamptz
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."api_keys"`);
  }
}
