import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every status change of an entry takes the next revision from one sequence, in the order the changes commit
 * (they hold the entry's row lock). Consumers that mirror statuses (the sessions of issuer-api) apply a change
 * only when it is newer than what they hold, so two racing changes cannot leave a mirror on the older value.
 */
export class EntryRevisions1765100000000 implements MigrationInterface {
  name = 'EntryRevisions1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE "status_list"."entry_revisions"`);
    await runner.query(`ALTER TABLE "status_list"."entries" ADD COLUMN "revision" bigint NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "status_list"."entries" DROP COLUMN "revision"`);
    await runner.query(`DROP SEQUENCE "status_list"."entry_revisions"`);
  }
}
