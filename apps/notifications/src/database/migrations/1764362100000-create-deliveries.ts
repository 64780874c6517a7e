import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries: one row per event of a session that has a webhook. `seq` is the order in which the
 * single ingesting replica took the events from the stream (stream order), so per session the lowest
 * PENDING seq is the only one that may be sent. `lease_until` keeps two replicas from sending the same
 * delivery at once. The payload is the envelope as sent; bearer tokens are never stored here.
 */
export class CreateDeliveries1764362100000 implements MigrationInterface {
  name = 'CreateDeliveries1764362100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "notifications"."deliveries" (
      "seq" bigserial PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "issuer_id" text NOT NULL,
      "session_id" text NOT NULL,
      "event" text NOT NULL,
      "url" text NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL DEFAULT 'PENDING',
      "attempts" integer NOT NULL DEFAULT 0,
      "last_status_code" integer,
      "last_error" text,
      "next_attempt_at" timestamptz DEFAULT now(),
      "first_attempt_at" timestamptz,
      "lease_until" timestamptz,
      "delivered_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX "deliveries_pending_idx" ON "notifications"."deliveries" ("issuer_id", "session_id", "seq") WHERE "status" = 'PENDING'`,
    );
    await runner.query(`CREATE INDEX "deliveries_session_idx" ON "notifications"."deliveries" ("issuer_id", "session_id", "seq")`);
    await runner.query(`CREATE INDEX "deliveries_created_idx" ON "notifications"."deliveries" ("created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "notifications"."deliveries"`);
  }
}
