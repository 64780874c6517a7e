import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit outbox was made with the platform's generic outbox table, whose per-session index and unique event id
 * serve the session events (SSE replay and resume). Nothing reads audit_outbox by session or by id: its rows are read
 * by the relay in (txid, seq) order and purged by age once published; an id is unique already as the audit record's
 * `audit_id`. Each admin change (every offer creation) stops paying for two index entries.
 */
export class AuditOutboxIndexes1766600000000 implements MigrationInterface {
  name = 'AuditOutboxIndexes1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "issuer_api"."audit_outbox_session_idx"`);
    await runner.query(`ALTER TABLE "issuer_api"."audit_outbox" DROP CONSTRAINT "audit_outbox_id_key"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."audit_outbox" ADD CONSTRAINT "audit_outbox_id_key" UNIQUE ("id")`);
    await runner.query(`CREATE INDEX "audit_outbox_session_idx" ON "issuer_api"."audit_outbox" ("issuer_id", "session_id", "seq")`);
  }
}
