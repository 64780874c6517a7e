import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every published event is updated once (published_at), leaving a dead row version behind; vacuuming the
 * events table early keeps the outbox index small, so the relay's scans stay cheap under load.
 */
export class TuneEventsAutovacuum1764360200000 implements MigrationInterface {
  name = 'TuneEventsAutovacuum1764360200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE "issuer_api"."events" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0.05)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE "issuer_api"."events" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor)`,
    );
  }
}
