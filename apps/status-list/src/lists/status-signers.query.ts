import type { StatusSignersRequest, StatusSignersResponse } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

/**
 * Which kms keys sign live lists (the `status.signers.v1` contract). A list keeps its creation signer for
 * good: the edge asks here before a key is deleted or disabled, and to publish every list key in /jwks.
 */
export class StatusSignersQuery {
  constructor(private readonly db: ServiceDatabase) {}

  async find(request: StatusSignersRequest): Promise<StatusSignersResponse> {
    const byKey = request.keyId !== undefined;
    const { rows } = await this.db.sql<{ key_id: string; list_count: number; uris: string[] }>(
      `SELECT l.signer->>'keyId' AS key_id, count(*)::int AS list_count, (array_agg(l.uri ORDER BY l.created_at))[1:5] AS uris
       FROM status_list.lists l
       WHERE ${byKey ? `l.signer->>'keyId' = $1` : 'l.issuer_id = $1'}
         AND EXISTS (SELECT 1 FROM status_list.entries e WHERE e.list_id = l.list_id AND NOT e.released)
       GROUP BY 1 ORDER BY 1`,
      [byKey ? request.keyId : request.issuerId],
    );
    return { signers: rows.map((row) => ({ keyId: row.key_id, listCount: row.list_count, uris: row.uris })) };
  }
}
