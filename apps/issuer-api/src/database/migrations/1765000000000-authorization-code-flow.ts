import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The authorization code flow (API.md §11): authorization requests (pushed or direct) with their login state and
 * single-use code, rotating refresh tokens grouped in families, single-use DPoP proof ids, and on sessions the
 * offer's `issuer_state` (hashed), the login claims (PII, purged with the session) and the DPoP key an access
 * token is bound to. Everything a step needs lives here, so any replica serves any step.
 */
export class AuthorizationCodeFlow1765000000000 implements MigrationInterface {
  name = 'AuthorizationCodeFlow1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."sessions"
      ADD COLUMN "issuer_state_hash" text,
      ADD COLUMN "login_claims" jsonb,
      ADD COLUMN "access_token_jkt" text`);
    // Partial: pre-authorized sessions (the hot path) never touch this index.
    await runner.query(
      `CREATE UNIQUE INDEX "sessions_issuer_state_idx" ON "issuer_api"."sessions" ("issuer_state_hash") WHERE "issuer_state_hash" IS NOT NULL`,
    );
    // At most one profile serves wallet-initiated requests per configuration (API.md §11: 409 otherwise).
    await runner.query(`CREATE UNIQUE INDEX "profiles_wallet_initiated_idx" ON "issuer_api"."profiles" ("issuer_id", ((body->>'credentialConfigurationId')))
      WHERE "status" = 'ACTIVE' AND (body->'walletInitiated') = 'true'::jsonb`);
    await runner.query(`CREATE TABLE "issuer_api"."authorization_requests" (
      "request_id" text PRIMARY KEY,
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "session_id" text REFERENCES "issuer_api"."sessions" ("session_id") ON DELETE CASCADE,
      "status" text NOT NULL,
      "request" jsonb NOT NULL,
      "request_uri_hash" text UNIQUE,
      "login" jsonb,
      "login_state_hash" text UNIQUE,
      "code_hash" text UNIQUE,
      "code_expires_at" timestamptz,
      "code_used_at" timestamptz,
      "expires_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "authorization_requests_expiry_idx" ON "issuer_api"."authorization_requests" ("expires_at")`);
    await runner.query(`CREATE INDEX "authorization_requests_session_idx" ON "issuer_api"."authorization_requests" ("session_id")`);
    await runner.query(`CREATE TABLE "issuer_api"."refresh_tokens" (
      "token_hash" text PRIMARY KEY,
      "family_id" text NOT NULL,
      "issuer_id" text NOT NULL REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE CASCADE,
      "session_id" text NOT NULL REFERENCES "issuer_api"."sessions" ("session_id") ON DELETE CASCADE,
      "client_id" text NOT NULL,
      "jkt" text,
      "authorization_details" jsonb,
      "expires_at" timestamptz NOT NULL,
      "used_at" timestamptz,
      "revoked_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "issuer_api"."refresh_tokens" ("family_id")`);
    await runner.query(`CREATE INDEX "refresh_tokens_session_idx" ON "issuer_api"."refresh_tokens" ("session_id")`);
    await runner.query(`CREATE TABLE "issuer_api"."used_dpop_proofs" ("jti_hash" text PRIMARY KEY, "expires_at" timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX "used_dpop_proofs_expiry_idx" ON "issuer_api"."used_dpop_proofs" ("expires_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "issuer_api"."profiles_wallet_initiated_idx"`);
    await runner.query(`DROP TABLE "issuer_api"."used_dpop_proofs"`);
    await runner.query(`DROP TABLE "issuer_api"."refresh_tokens"`);
    await runner.query(`DROP TABLE "issuer_api"."authorization_requests"`);
    await runner.query(
      `ALTER TABLE "issuer_api"."sessions" DROP COLUMN "access_token_jkt", DROP COLUMN "login_claims", DROP COLUMN "issuer_state_hash"`,
    );
  }
}
