import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token Status Lists are also published in CWT form (draft-ietf-oauth-status-list §5.2), signed with the JWT. */
export class StatusListCwt1764363100000 implements MigrationInterface {
  name = 'StatusListCwt1764363100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "status_list"."lists" ADD COLUMN "cwt_token" text, ADD COLUMN "cwt_etag" text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "status_list"."lists" DROP COLUMN "cwt_token", DROP COLUMN "cwt_etag"`);
  }
}
