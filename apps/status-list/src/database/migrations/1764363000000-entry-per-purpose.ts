import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credential may hold one entry per purpose (a W3C credential with a revocation and a suspension list):
 * entries record their list's purpose, and uniqueness moves from (issuer, credential) to
 * (issuer, credential, purpose).
 */
export class EntryPerPurpose1764363000000 implements MigrationInterface {
  name = 'EntryPerPurpose1764363000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "status_list"."entries" ADD COLUMN "purpose" text`);
    await runner.query(
      `UPDATE "status_list"."entries" e SET "purpose" = l."purpose" FROM "status_list"."lists" l WHERE l."list_id" = e."list_id"`,
    );
    await runner.query(`ALTER TABLE "status_list"."entries" ALTER COLUMN "purpose" SET NOT NULL`);
    await runner.query(`DROP INDEX "status_list"."entries_credential_uidx"`);
    await runner.query(
      `CREATE UNIQUE INDEX "entries_credential_uidx" ON "status_list"."entries" ("issuer_id", "credential_id", "purpose")`,
    );
  }

  /** Going back keeps one entry per credential: the second entries (suspension lists) are dropped. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "status_list"."entries" e WHERE e."purpose" = 'suspension' AND EXISTS (
      SELECT 1 FROM "status_list"."entries" o WHERE o."issuer_id" = e."issuer_id" AND o."credential_id" = e."credential_id" AND o."purpose" <> 'suspension')`);
    await runner.query(`DROP INDEX "status_list"."entries_credential_uidx"`);
    await runner.query(`CREATE UNIQUE INDEX "entries_credential_uidx" ON "status_list"."entries" ("issuer_id", "credential_id")`);
    await runner.query(`ALTER TABLE "status_list"."entries" DROP COLUMN "purpose"`);
  }
}
