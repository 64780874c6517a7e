import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { hashSecret } from '../common/secrets';

/**
 * Single use of proof JWTs (DPoP proofs, client attestation PoPs) across every replica: each `jti` is remembered
 * in PostgreSQL until the proof could no longer be accepted anyway. Namespaces keep the two kinds apart.
 */
@Injectable()
export class UsedJtiStore {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** True the first time a `jti` is seen in its namespace, false for a replay. */
  async use(namespace: 'dpop' | 'attestation', jti: string, expiresAt: Date): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `INSERT INTO issuer_api.used_dpop_proofs (jti_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [hashSecret(jti, `${namespace}:`), expiresAt],
    );
    return rowCount === 1;
  }
}
