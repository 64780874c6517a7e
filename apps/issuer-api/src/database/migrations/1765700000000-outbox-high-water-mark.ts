import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxHighWaterMarkDown, outboxHighWaterMarkUp } from '@issuer/platform';

/**
 * The session events and the audit outbox move from a per-row `published_at` (one rewritten row per published
 * event) to the relay's high-water mark in `issuer_api.outbox_cursors` (libs/platform/src/outbox): publishing no
 * longer writes to the event rows.
 */
export class OutboxHighWaterMark1765700000000 implements MigrationInterface {
  name = 'OutboxHighWaterMark1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['events', 'audit_outbox']) for (const sql of outboxHighWaterMarkUp('issuer_api', table)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['audit_outbox', 'events']) for (const sql of outboxHighWaterMarkDown('issuer_api', table)) await runner.query(sql);
    await runner.query(`DROP TABLE "issuer_api"."outbox_cursors"`);
  }
}
