import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../../database/issuer-api-database';
import { rethrowIssuerGone } from '../../issuers/issuer-gone';
import type { OwnedKind } from '../admin-permissions';

/** issuer_api.resource_owners: the owner of each key, DID and certificate; null is the platform. */
@Injectable()
export class ResourceOwnerRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** undefined: no row (created before ownership existed, unknown, or a DID registered elsewhere). */
  async find(kind: OwnedKind, id: string): Promise<{ issuerId: string | null } | undefined> {
    const { rows } = await this.db.sql<{ issuer_id: string | null }>(
      'SELECT issuer_id FROM issuer_api.resource_owners WHERE kind = $1 AND resource_id = $2',
      [kind, id],
    );
    return rows[0] && { issuerId: rows[0].issuer_id };
  }

  /** The rows of the given ids, as id → owner (ids without a row are absent). */
  async findMany(kind: OwnedKind, ids: string[]): Promise<Map<string, string | null>> {
    if (!ids.length) return new Map();
    const { rows } = await this.db.sql<{ resource_id: string; issuer_id: string | null }>(
      'SELECT resource_id, issuer_id FROM issuer_api.resource_owners WHERE kind = $1 AND resource_id = ANY($2)',
      [kind, ids],
    );
    return new Map(rows.map((r) => [r.resource_id, r.issuer_id]));
  }

  /** Records (or, for a DID created again, replaces) the owner; a 404 when the issuer was deleted meanwhile. */
  async record(kind: OwnedKind, id: string, issuerId: string | null): Promise<void> {
    await this.db
      .sql(
        `INSERT INTO issuer_api.resource_owners (kind, resource_id, issuer_id) VALUES ($1, $2, $3)
         ON CONFLICT (kind, resource_id) DO UPDATE SET issuer_id = EXCLUDED.issuer_id, created_at = now()`,
        [kind, id, issuerId],
      )
      .catch(rethrowIssuerGone);
  }

  async forget(kind: OwnedKind, id: string): Promise<void> {
    await this.db.sql('DELETE FROM issuer_api.resource_owners WHERE kind = $1 AND resource_id = $2', [kind, id]);
  }
}
