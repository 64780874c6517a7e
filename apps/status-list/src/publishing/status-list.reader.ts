import { BusError, type StatusListGetResponse } from '@issuer/contracts';
import { TtlCache, type ServiceDatabase } from '@issuer/platform';
import { STATUS_LIST_CWT_MEDIA_TYPE } from '@issuer/status-list';
import type { StatusListConfig } from '../status-list.config';
import { mediaTypeOf } from './list-token.builder';
import type { StatusListPublisher } from './status-list.publisher';

/**
 * Serves signed lists. The token is cached per list and ETag: a request costs one primary-key lookup of
 * the current ETag unless the list was re-signed (then the new token is read once). Not per version: a
 * re-sign before `exp` keeps the version, and a cache keyed on it would serve the old token until it expired.
 */
export class StatusListReader {
  private readonly cache = new TtlCache<string, { etag: string; response: StatusListGetResponse }>(10 * 60_000, 1000);

  constructor(
    private readonly db: ServiceDatabase,
    private readonly publisher: StatusListPublisher,
    private readonly config: StatusListConfig,
  ) {}

  async get(listId: string, format: 'jwt' | 'cwt' = 'jwt'): Promise<StatusListGetResponse> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // The JWT and its CWT form are signed and stored together, so the JWT's ETag versions both.
      const { rows } = await this.db.sql<{ type: Parameters<typeof mediaTypeOf>[0]; etag: string | null }>(
        'SELECT type, etag FROM status_list.lists WHERE list_id = $1',
        [listId],
      );
      const row = rows[0];
      if (!row) throw new BusError('NOT_FOUND', `status list ${listId} not found`);
      if (row.etag === null) {
        // Never signed yet (created moments ago): sign it now rather than answer 404 for a list in use.
        // Another replica holding the publish lock is signing it: wait for its commit.
        if ((await this.publisher.publish(listId)).state === 'busy') await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      // Only Token Status Lists have a CWT form; other lists answer with their JWT whatever was asked.
      const cwt = format === 'cwt' && row.type === 'TokenStatusList';
      const cacheKey = `${listId}:${cwt ? 'cwt' : 'jwt'}`;
      const cached = this.cache.get(cacheKey);
      if (cached?.etag === row.etag) return cached.response;
      const token = await this.db.sql<{
        token: string;
        etag: string;
        cwt_token: string | null;
        cwt_etag: string | null;
      }>('SELECT token, etag, cwt_token, cwt_etag FROM status_list.lists WHERE list_id = $1', [listId]);
      const current = token.rows[0];
      if (cwt && current.cwt_token === null) {
        // The first request for the CWT form: signed now, beside a fresh JWT (from then on every re-sign signs both).
        if ((await this.publisher.publish(listId, { withCwt: true })).state === 'busy')
          await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const response = {
        token: cwt ? current.cwt_token! : current.token,
        etag: cwt ? current.cwt_etag! : current.etag,
        mediaType: cwt ? STATUS_LIST_CWT_MEDIA_TYPE : mediaTypeOf(row.type),
        maxAgeSeconds: this.config.ttlSeconds,
      };
      this.cache.set(cacheKey, { etag: current.etag, response });
      return response;
    }
    throw new BusError('UNAVAILABLE', `status list ${listId} is not signed yet; retry`);
  }
}
