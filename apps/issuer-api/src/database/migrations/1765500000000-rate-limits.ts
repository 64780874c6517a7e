import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limit counters every issuer-api replica shares (API.md §13, rate-limits/): one row per policy and client,
 * counted up by one upsert per request. UNLOGGED: no WAL and no fsync on the hot path; a database crash empties the
 * table, which only restarts the windows. Only the primary key is indexed, and fillfactor leaves room on each page,
 * so the updates are HOT (no index maintenance); the sweep of ended windows scans the small table instead.
 */
export class RateLimits1765500000000 implements MigrationInterface {
  name = 'RateLimits1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE UNLOGGED TABLE "issuer_api"."rate_limit_windows" (
      "bucket" text PRIMARY KEY,
      "window_ends_at" timestamptz NOT NULL,
      "hits" integer NOT NULL
    ) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."rate_limit_windows"`);
  }
}
