import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The external authorization server mode (API.md §11): which session an access token of that server serves. A
 * wallet-initiated session is created at the token's first credential request and found again by the token's hash
 * for later requests (credential, deferred, notification); an offer's session (the token's `issuer_state`) may serve
 * several tokens (refreshed at the AS). The token itself is never stored; the rows go with their session.
 */
export class ExternalAsTokens1765300000000 implements MigrationInterface {
  name = 'ExternalAsTokens1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."external_access_tokens" (
      "token_hash" text PRIMARY KEY,
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "session_id" text NOT NULL REFERENCES "issuer_api"."sessions" ("session_id") ON DELETE CASCADE,
      "expires_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "external_access_tokens_session_idx" ON "issuer_api"."external_access_tokens" ("session_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."external_access_tokens"`);
  }
}
