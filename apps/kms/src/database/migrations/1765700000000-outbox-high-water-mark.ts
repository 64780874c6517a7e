import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxHighWaterMarkDown, outboxHighWaterMarkUp } from '@issuer/platform';

/** The key events outbox moves to the relay's high-water mark (`kms.outbox_cursors`, libs/platform/src/outbox). */
export class OutboxHighWaterMark1765700000000 implements MigrationInterface {
  name = 'OutboxHighWaterMark1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of outboxHighWaterMarkUp('kms', 'outbox')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of outboxHighWaterMarkDown('kms', 'outbox')) await runner.query(sql);
    await runner.query(`DROP TABLE "kms"."outbox_cursors"`);
  }
}
