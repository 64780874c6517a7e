import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions made from a profile without per-offer overrides share their snapshot (profile version plus credential
 * configuration, about 1.5 kB) by content hash instead of each row carrying a copy: `session_snapshots` holds each
 * distinct snapshot once, `sessions.snapshot` stays NULL and `snapshot_hash` names it. Sessions with overrides or
 * login data keep their own `snapshot`. Snapshot rows are immutable and never deleted: there is one per profile
 * version and issuer configuration, and they hold no subject data.
 */
export class SharedSessionSnapshots1766300000000 implements MigrationInterface {
  name = 'SharedSessionSnapshots1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."session_snapshots" (
      "hash" text PRIMARY KEY,
      "body" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" ADD COLUMN "snapshot_hash" text`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" ALTER COLUMN "snapshot" DROP NOT NULL`);
    await runner.query(
      `ALTER TABLE "issuer_api"."sessions" ADD CONSTRAINT "sessions_snapshot_present" CHECK ("snapshot" IS NOT NULL OR "snapshot_hash" IS NOT NULL)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE "issuer_api"."sessions" s SET "snapshot" = ss."body" FROM "issuer_api"."session_snapshots" ss
      WHERE s."snapshot" IS NULL AND ss."hash" = s."snapshot_hash"`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" DROP CONSTRAINT "sessions_snapshot_present"`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" ALTER COLUMN "snapshot" SET NOT NULL`);
    await runner.query(`ALTER TABLE "issuer_api"."sessions" DROP COLUMN "snapshot_hash"`);
    await runner.query(`DROP TABLE "issuer_api"."session_snapshots"`);
  }
}
