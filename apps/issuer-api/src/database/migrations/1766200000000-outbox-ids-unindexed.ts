import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox rows' `id` (the event id consumers deduplicate by, JetStream's Nats-Msg-Id) is a random UUID made by
 * `gen_random_uuid()` in the inserting statement and is never looked up, so its unique index only cost a random
 * B-tree insert per event (six per credential). Rows stay ordered and found by `seq`, `(txid, seq)` and session.
 */
export class OutboxIdsUnindexed1766200000000 implements MigrationInterface {
  name = 'OutboxIdsUnindexed1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."events" DROP CONSTRAINT "events_id_key"`);
    await runner.query(`ALTER TABLE "issuer_api"."audit_outbox" DROP CONSTRAINT "audit_outbox_id_key"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "issuer_api"."audit_outbox" ADD CONSTRAINT "audit_outbox_id_key" UNIQUE ("id")`);
    await runner.query(`ALTER TABLE "issuer_api"."events" ADD CONSTRAINT "events_id_key" UNIQUE ("id")`);
  }
}
