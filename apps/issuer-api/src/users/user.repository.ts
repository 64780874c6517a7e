import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { sqlWithPendingAudit, type PendingAudit } from '../audit/pending-audit';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { rethrowIssuerGone } from '../issuers/issuer-gone';

export interface UserRecord {
  issuerId: string;
  username: string;
  claims: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** What a login attempt needs: the hash and whether the user is locked out now (by the database clock). */
export interface UserCredentials {
  passwordHash: string;
  claims: Record<string, unknown>;
  locked: boolean;
}

interface Row {
  issuer_id: string;
  username: string;
  claims: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'issuer_id, username, claims, created_at, updated_at';
const toRecord = (r: Row): UserRecord => ({
  issuerId: r.issuer_id,
  username: r.username,
  claims: r.claims,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * issuer_api.users: the accounts of the `PASSWORD` login, per issuer (deleted with it). Password hashes leave this
 * class only through `credentials`, for the login; the admin views never select them. Lockout counters are updated
 * by single statements, so replicas counting failures of the same user at once do not lose any.
 */
@Injectable()
export class UserRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** undefined when the username is taken. `audit`: the admin change's record, in its transaction (here and below). */
  async insert(
    issuerId: string,
    username: string,
    passwordHash: string,
    claims: Record<string, unknown>,
    audit?: PendingAudit,
  ): Promise<UserRecord | undefined> {
    const { rows } = await sqlWithPendingAudit<Row>(
      this.db,
      audit,
      `INSERT INTO issuer_api.users (issuer_id, username, password_hash, claims) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [issuerId, username, passwordHash, JSON.stringify(claims)],
      username,
    ).catch(rethrowIssuerGone);
    return rows[0] && toRecord(rows[0]);
  }

  async list(issuerId: string): Promise<UserRecord[]> {
    const { rows } = await this.db.sql<Row>(`SELECT ${COLUMNS} FROM issuer_api.users WHERE issuer_id = $1 ORDER BY username`, [issuerId]);
    return rows.map(toRecord);
  }

  async find(issuerId: string, username: string): Promise<UserRecord | undefined> {
    const { rows } = await this.db.sql<Row>(`SELECT ${COLUMNS} FROM issuer_api.users WHERE issuer_id = $1 AND username = $2`, [
      issuerId,
      username,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Changes what is given; a new password also lifts a lockout (the operator reset it). undefined when unknown. */
  async update(
    issuerId: string,
    username: string,
    change: { passwordHash?: string; claims?: Record<string, unknown> },
    audit?: PendingAudit,
  ): Promise<UserRecord | undefined> {
    const { rows } = await sqlWithPendingAudit<Row>(
      this.db,
      audit,
      `UPDATE issuer_api.users SET
         password_hash = COALESCE($3, password_hash),
         claims = COALESCE($4::jsonb, claims),
         failed_attempts = CASE WHEN $3::text IS NULL THEN failed_attempts ELSE 0 END,
         locked_until = CASE WHEN $3::text IS NULL THEN locked_until END,
         updated_at = now()
       WHERE issuer_id = $1 AND username = $2 RETURNING ${COLUMNS}`,
      [issuerId, username, change.passwordHash ?? null, change.claims === undefined ? null : JSON.stringify(change.claims)],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async delete(issuerId: string, username: string, audit?: PendingAudit): Promise<boolean> {
    const sql = 'DELETE FROM issuer_api.users WHERE issuer_id = $1 AND username = $2';
    return (await sqlWithPendingAudit(this.db, audit, sql, [issuerId, username])).rowCount > 0;
  }

  async credentials(issuerId: string, username: string): Promise<UserCredentials | undefined> {
    const { rows } = await this.db.sql<{ password_hash: string; claims: Record<string, unknown>; locked: boolean }>(
      `SELECT password_hash, claims, COALESCE(locked_until > now(), false) AS locked FROM issuer_api.users
       WHERE issuer_id = $1 AND username = $2`,
      [issuerId, username],
    );
    return rows[0] && { passwordHash: rows[0].password_hash, claims: rows[0].claims, locked: rows[0].locked };
  }

  /**
   * Counts a failed login. The `limit`-th failure in a row locks the user for `lockSeconds`; failures while locked
   * change nothing (the lock is not prolonged); the first failure after a lock ran out starts counting again. For an
   * unknown username the statement matches no row (and costs what it costs for a known one). One statement on the
   * row: a concurrent failure waits for it and counts on top (READ COMMITTED re-reads the row).
   */
  async recordFailure(issuerId: string, username: string, limit: number, lockSeconds: number): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.users SET
         failed_attempts = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END,
         locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END) >= $3
                             THEN now() + make_interval(secs => $4) END
       WHERE issuer_id = $1 AND username = $2 AND (locked_until IS NULL OR locked_until <= now())`,
      [issuerId, username, limit, lockSeconds],
    );
  }

  /** A successful login ends the run of failures. */
  async recordSuccess(issuerId: string, username: string): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.users SET failed_attempts = 0, locked_until = NULL
       WHERE issuer_id = $1 AND username = $2 AND (failed_attempts <> 0 OR locked_until IS NOT NULL)`,
      [issuerId, username],
    );
  }
}
