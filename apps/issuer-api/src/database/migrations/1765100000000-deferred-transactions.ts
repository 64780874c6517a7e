import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deferred issuance (OID4VCI 1.0 §9): one row per credential request answered `202`, holding the proven holder
 * keys until an operator supplies the data and approves or refuses. The transaction id is stored hashed; a
 * transaction is consumed once (ISSUED) and goes with its session.
 */
export class DeferredTransactions1765100000000 implements MigrationInterface {
  name = 'DeferredTransactions1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."deferred_transactions" (
      "transaction_hash" text PRIMARY KEY,
      "issuer_id" text NOT NULL,
      "session_id" text NOT NULL REFERENCES "issuer_api"."sessions" ("session_id") ON DELETE CASCADE,
      "holders" jsonb NOT NULL,
      "state" text NOT NULL CHECK ("state" IN ('PENDING', 'APPROVED', 'REFUSED', 'ISSUED')),
      "credential_data" jsonb,
      "interval_seconds" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      "decided_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "deferred_transactions_session_idx" ON "issuer_api"."deferred_transactions" ("session_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."deferred_transactions"`);
  }
}
