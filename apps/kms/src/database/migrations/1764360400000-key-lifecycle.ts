import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableDown, outboxTableUp } from '@issuer/platform';

/** Key status and usage counters, and the outbox of kms audit events (`kms.events.v1.<keyId>.<event>`). */
export class KeyLifecycle1764360400000 implements MigrationInterface {
  name = 'KeyLifecycle1764360400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "kms"."keys"
      ADD COLUMN "status" text NOT NULL DEFAULT 'ACTIVE' CHECK ("status" IN ('ACTIVE', 'DISABLED')),
      ADD COLUMN "disabled_at" timestamptz,
      ADD COLUMN "sign_count" bigint NOT NULL DEFAULT 0,
      ADD COLUMN "last_used_at" timestamptz`);
    for (const statement of outboxTableUp('kms', 'outbox')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of outboxTableDown('kms', 'outbox')) await runner.query(statement);
    await runner.query(`ALTER TABLE "kms"."keys"
      DROP COLUMN "last_used_at", DROP COLUMN "sign_count", DROP COLUMN "disabled_at", DROP COLUMN "status"`);
  }
}
