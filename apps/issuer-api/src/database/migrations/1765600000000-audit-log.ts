import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableDown, outboxTableUp } from '@issuer/platform';

/**
 * The audit log (API.md §13, audit/): one row per admin change or refused attempt, ids only. `seq` orders the listing
 * (newest first, keyset cursor); `audit_id` is what a retried write collides on, so a change gets one record however
 * many places try to write it. No foreign keys: a record outlives its issuer, key or API key.
 *
 * Append-only in the database too: a trigger refuses UPDATE, TRUNCATE and DELETE. The one exception is the retention
 * purge (audit/audit-retention.sweeper.ts), which sets `issuer_api.audit_purge` for its own transaction, and even it
 * cannot remove a record younger than a day. This stops the application's own mistakes and a stray statement; it does
 * not stop a role that owns the table (it can drop the trigger): see audit/README.md for the privilege split and the
 * AUDIT_EVENTS copy.
 *
 * `audit_outbox` is the platform outbox that carries each record to the JetStream stream AUDIT_EVENTS.
 */
export class AuditLog1765600000000 implements MigrationInterface {
  name = 'AuditLog1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."audit" (
      "seq" bigserial PRIMARY KEY,
      "audit_id" uuid NOT NULL UNIQUE,
      "at" timestamptz NOT NULL,
      "actor_type" text NOT NULL CHECK ("actor_type" IN ('api-key', 'admin-key', 'oidc')),
      "actor_id" text NOT NULL,
      "action" text NOT NULL,
      "target_type" text NOT NULL,
      "target_id" text,
      "outcome" text NOT NULL CHECK ("outcome" IN ('success', 'denied', 'failure')),
      "issuer_id" text,
      "request_id" text NOT NULL,
      "address" text NOT NULL
    )`);
    await runner.query(`CREATE INDEX "audit_issuer_idx" ON "issuer_api"."audit" ("issuer_id", "seq")`);
    await runner.query(`CREATE INDEX "audit_actor_idx" ON "issuer_api"."audit" ("actor_id", "seq")`);
    await runner.query(`CREATE INDEX "audit_at_idx" ON "issuer_api"."audit" ("at")`);
    await runner.query(`CREATE FUNCTION "issuer_api"."audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('issuer_api.audit_purge', true) = 'on' THEN
          IF OLD.at < now() - interval '1 day' THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'issuer_api.audit is append-only: % refused', TG_OP;
      END $$`);
    await runner.query(`CREATE TRIGGER "audit_append_only" BEFORE UPDATE OR DELETE ON "issuer_api"."audit"
      FOR EACH ROW EXECUTE FUNCTION "issuer_api"."audit_append_only"()`);
    await runner.query(`CREATE TRIGGER "audit_no_truncate" BEFORE TRUNCATE ON "issuer_api"."audit"
      FOR EACH STATEMENT EXECUTE FUNCTION "issuer_api"."audit_append_only"()`);
    for (const sql of outboxTableUp('issuer_api', 'audit_outbox')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of outboxTableDown('issuer_api', 'audit_outbox')) await runner.query(sql);
    await runner.query(`DROP TABLE "issuer_api"."audit"`);
    await runner.query(`DROP FUNCTION "issuer_api"."audit_append_only"()`);
  }
}
