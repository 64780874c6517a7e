import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The deployment's RetentionConfig (one row) and the run history; `scheduled_for` makes a cron slot run once. */
export class CreateRetention1764362200000 implements MigrationInterface {
  name = 'CreateRetention1764362200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "data_retention"."config" (
      "id" integer PRIMARY KEY CHECK ("id" = 1),
      "body" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE "data_retention"."runs" (
      "run_id" uuid PRIMARY KEY,
      "trigger" text NOT NULL,
      "dry_run" boolean NOT NULL,
      "cutoff" timestamptz NOT NULL,
      "status" text NOT NULL,
      "matched" integer NOT NULL DEFAULT 0,
      "deleted" integer NOT NULL DEFAULT 0,
      "session_ids" jsonb NOT NULL DEFAULT '[]',
      "error" text,
      "scheduled_for" timestamptz UNIQUE,
      "started_at" timestamptz NOT NULL DEFAULT now(),
      "finished_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "runs_started_idx" ON "data_retention"."runs" ("started_at" DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "data_retention"."runs"`);
    await runner.query(`DROP TABLE "data_retention"."config"`);
  }
}
