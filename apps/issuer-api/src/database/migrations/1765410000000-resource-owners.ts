import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns each kms key, DID and certificate (API.md §13): an issuer, or the platform (NULL). The records themselves
 * live in kms and did-registry; the owner is kept here, where the admin API decides and filters, keyed by the
 * resource's id (a DID by its string). Resources without a row (created before this table) belong to the platform.
 * A deleted issuer's resources pass to the platform, so an issuer created again under the same id does not inherit
 * them.
 */
export class ResourceOwners1765410000000 implements MigrationInterface {
  name = 'ResourceOwners1765410000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "issuer_api"."resource_owners" (
      "kind" text NOT NULL CHECK ("kind" IN ('key', 'did', 'certificate')),
      "resource_id" text NOT NULL,
      "issuer_id" text REFERENCES "issuer_api"."issuers" ("issuer_id") ON DELETE SET NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("kind", "resource_id")
    )`);
    await runner.query(`CREATE INDEX "resource_owners_issuer_idx" ON "issuer_api"."resource_owners" ("issuer_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "issuer_api"."resource_owners"`);
  }
}
