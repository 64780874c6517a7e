import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { sqlWithPendingAudit, type PendingAudit } from '../audit/pending-audit';
import { rethrowIssuerGone } from '../issuers/issuer-gone';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import type { SecretBox } from './secret-box';
import { SECRET_BOX } from './secret-box.provider';

/** After a rotation the previous secret signs too for this long, so receivers can switch without losing deliveries. */
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;

interface SecretRow {
  secret: string;
  previous_secret: string | null;
  created_at: Date;
  rotated_at: Date | null;
}

export interface SigningSecretStatus {
  issuerId: string;
  createdAt: string;
  rotatedAt: string | null;
  /** Whether the previous secret still signs (rotation grace period). */
  previousSecretActiveUntil: string | null;
}

/** Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Per-issuer webhook signing secrets (issuer_api.webhook_secrets), sealed at rest. One is created at the
 * first delivery so every delivery is signed; the admin learns a secret only from a rotation's response.
 */
@Injectable()
export class SigningSecretRepository {
  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  /** The secrets that sign an issuer's deliveries now (current first), creating the first one if needed. */
  async activeSecrets(issuerIds: string[]): Promise<Map<string, string[]>> {
    const unique = [...new Set(issuerIds)];
    const result = new Map<string, string[]>();
    if (!unique.length) return result;
    await this.db.sql(
      `INSERT INTO issuer_api.webhook_secrets (issuer_id, secret)
       SELECT id, s FROM jsonb_to_recordset($1::jsonb) AS x(id text, s text)
       WHERE EXISTS (SELECT 1 FROM issuer_api.issuers i WHERE i.issuer_id = x.id) ON CONFLICT DO NOTHING`,
      [JSON.stringify(unique.map((id) => ({ id, s: this.box.seal(newSigningSecret(), id) })))],
    );
    const { rows } = await this.db.sql<SecretRow & { issuer_id: string }>(
      `SELECT issuer_id, secret, previous_secret, created_at, rotated_at FROM issuer_api.webhook_secrets WHERE issuer_id = ANY($1::text[])`,
      [unique],
    );
    for (const row of rows) {
      const secrets = [this.box.open(row.secret, row.issuer_id)];
      if (row.previous_secret && row.rotated_at && Date.now() - row.rotated_at.getTime() < ROTATION_GRACE_MS) {
        secrets.push(this.box.open(row.previous_secret, row.issuer_id));
      }
      result.set(row.issuer_id, secrets);
    }
    return result;
  }

  async status(issuerId: string): Promise<SigningSecretStatus | undefined> {
    const { rows } = await this.db.sql<SecretRow>(
      `SELECT secret, previous_secret, created_at, rotated_at FROM issuer_api.webhook_secrets WHERE issuer_id = $1`,
      [issuerId],
    );
    return rows[0] && toStatus(issuerId, rows[0]);
  }

  /**
   * Creates or rotates the issuer's secret; the new secret is returned this once. `audit`: the admin change's record,
   * appended in its transaction (audit/pending-audit.ts); the record names the issuer only.
   */
  async rotate(issuerId: string, audit?: PendingAudit): Promise<SigningSecretStatus & { secret: string }> {
    const secret = newSigningSecret();
    const { rows } = await sqlWithPendingAudit<SecretRow>(
      this.db,
      audit,
      `INSERT INTO issuer_api.webhook_secrets (issuer_id, secret) VALUES ($1, $2)
       ON CONFLICT (issuer_id) DO UPDATE SET previous_secret = webhook_secrets.secret, secret = EXCLUDED.secret, rotated_at = now()
       RETURNING secret, previous_secret, created_at, rotated_at`,
      [issuerId, this.box.seal(secret, issuerId)],
    ).catch(rethrowIssuerGone);
    return { ...toStatus(issuerId, rows[0]), secret };
  }
}

function toStatus(issuerId: string, row: SecretRow): SigningSecretStatus {
  const graceEnd = row.rotated_at && row.previous_secret ? new Date(row.rotated_at.getTime() + ROTATION_GRACE_MS) : null;
  return {
    issuerId,
    createdAt: row.created_at.toISOString(),
    rotatedAt: row.rotated_at?.toISOString() ?? null,
    previousSecretActiveUntil: graceEnd && graceEnd.getTime() > Date.now() ? graceEnd.toISOString() : null,
  };
}
