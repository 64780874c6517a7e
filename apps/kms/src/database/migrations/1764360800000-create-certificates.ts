import type { MigrationInterface, QueryRunner } from 'typeorm';

/** X.509 certificates made (signed through kms) or imported here: IACA roots, Document Signers, self-signed. */
export class CreateCertificates1764360800000 implements MigrationInterface {
  name = 'CreateCertificates1764360800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "kms"."certificates" (
      "certificate_id" uuid PRIMARY KEY,
      "profile" text NOT NULL CHECK ("profile" IN ('iaca', 'document-signer', 'self-signed', 'imported')),
      "key_id" uuid,
      "subject" jsonb NOT NULL,
      "serial_number" text NOT NULL,
      "not_before" timestamptz NOT NULL,
      "not_after" timestamptz NOT NULL,
      "pem" text NOT NULL,
      "chain" jsonb NOT NULL,
      "issuer_certificate_id" uuid REFERENCES "kms"."certificates" ("certificate_id"),
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "certificates_key_idx" ON "kms"."certificates" ("key_id")`);
    await runner.query(`CREATE INDEX "certificates_issuer_idx" ON "kms"."certificates" ("issuer_certificate_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "kms"."certificates"`);
  }
}
