import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A list's statuses move from one value (`lists.statuses`, 250 KB for a million 2-bit entries, read and rewritten whole
 * with its WAL at every change) into chunks of 1,024 bytes (`list_chunks`): a change reads and rewrites only the
 * chunks holding the changed entries. A missing chunk is all zeros (VALID), so a new list stores nothing. `chunked`
 * false marks a list whose statuses were never built (stored NULL before): its first change or publish builds them
 * from its entries, as before. Chunks are small enough to stay in the row (PLAIN: never compressed or moved out).
 */
export class StatusChunks1766500000000 implements MigrationInterface {
  name = 'StatusChunks1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "status_list"."list_chunks" (
      "list_id" uuid NOT NULL REFERENCES "status_list"."lists" ("list_id") ON DELETE CASCADE,
      "chunk" integer NOT NULL,
      "bytes" bytea NOT NULL,
      PRIMARY KEY ("list_id", "chunk")
    )`);
    await runner.query(`ALTER TABLE "status_list"."list_chunks" ALTER COLUMN "bytes" SET STORAGE PLAIN`);
    await runner.query(`ALTER TABLE "status_list"."lists" ADD COLUMN "chunked" boolean NOT NULL DEFAULT false`);
    await runner.query(`INSERT INTO "status_list"."list_chunks" ("list_id", "chunk", "bytes")
      SELECT c.list_id, c.chunk, c.bytes FROM (
        SELECT l.list_id, g AS chunk, substring(l.statuses FROM g * 1024 + 1 FOR 1024) AS bytes
        FROM "status_list"."lists" l, generate_series(0, (length(l.statuses) - 1) / 1024) g
        WHERE l.statuses IS NOT NULL) c
      WHERE c.bytes <> decode(repeat('00', length(c.bytes)), 'hex')`);
    await runner.query(`UPDATE "status_list"."lists" SET "chunked" = true WHERE "statuses" IS NOT NULL`);
    await runner.query(`ALTER TABLE "status_list"."lists" ALTER COLUMN "chunked" SET DEFAULT true`);
    await runner.query(`ALTER TABLE "status_list"."lists" DROP COLUMN "statuses"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "status_list"."lists" ADD COLUMN "statuses" bytea`);
    await runner.query(`ALTER TABLE "status_list"."lists" ALTER COLUMN "statuses" SET STORAGE EXTERNAL`);
    // Both layouts take ceil(size × bits / 8) bytes; missing chunks are zeros.
    await runner.query(`UPDATE "status_list"."lists" l SET "statuses" = (
        SELECT string_agg(COALESCE(c.bytes, decode(repeat('00', LEAST(1024, n.len - g * 1024)), 'hex')), ''::bytea ORDER BY g)
        FROM (SELECT (l.size * l.bits + 7) / 8 AS len) n
        CROSS JOIN generate_series(0, (n.len - 1) / 1024) g
        LEFT JOIN "status_list"."list_chunks" c ON c.list_id = l.list_id AND c.chunk = g)
      WHERE l.chunked`);
    await runner.query(`ALTER TABLE "status_list"."lists" DROP COLUMN "chunked"`);
    await runner.query(`DROP TABLE "status_list"."list_chunks"`);
  }
}
