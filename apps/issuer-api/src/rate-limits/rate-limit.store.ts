import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import type { RateLimitPolicy, WindowCount } from './rate-limit-window';

/** Stored counts stop here: far beyond any limit (at most 9,999,999 a minute), far below the int column's range. */
const STORED_HITS_CAP = 1_000_000_000;

interface CountRequest {
  bucket: string;
  policy: RateLimitPolicy;
  /** Permits counted for later requests of this replica on top of the request's own (RateLimiter's leases). */
  extra: number;
}

/**
 * The counters every replica shares (table `rate_limit_windows`, UNLOGGED: losing them in a database crash only
 * resets the windows). Counting is one statement for all the requests that arrive together (`MicroBatcher`): each
 * bucket's row is inserted, counted up by its requests, or restarted when its window has ended, under the row lock
 * of the upsert, so concurrent requests on any replica never overshoot; the requests of one bucket take the counts
 * between the old and the new value in arrival order. Buckets are upserted in sorted order, so two replicas' batches
 * lock shared rows in the same order. The database's clock decides when a window ends, so replicas with skewed clocks
 * agree.
 */
@Injectable()
export class RateLimitStore {
  private readonly counts = new MicroBatcher((requests: CountRequest[]) => this.countMany(requests));

  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /**
   * Counts one request in `bucket`'s window, and `extra` more permits after it. The count it gets stops at limit + 1:
   * refused requests only need to stay refused; `spare` says how many of the extra permits are within the limit.
   */
  count(bucket: string, policy: RateLimitPolicy, extra = 0): Promise<WindowCount> {
    return this.counts.run({ bucket, policy, extra });
  }

  private async countMany(requests: CountRequest[]): Promise<WindowCount[]> {
    const buckets = new Map<string, { policy: RateLimitPolicy; indexes: number[]; n: number }>();
    requests.forEach(({ bucket, policy, extra }, index) => {
      const known = buckets.get(bucket);
      if (known) {
        known.indexes.push(index);
        known.n += 1 + extra;
      } else buckets.set(bucket, { policy, indexes: [index], n: 1 + extra });
    });
    const input = [...buckets.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([bucket, { policy, n }]) => ({ bucket, n, window_seconds: policy.windowSeconds }));
    const { rows } = await this.db.sql<{ bucket: string; hits: number; ms_left: number }>(
      `INSERT INTO issuer_api.rate_limit_windows AS w (bucket, window_ends_at, hits)
       SELECT x.bucket, now() + make_interval(secs => x.window_seconds), x.n
         FROM jsonb_to_recordset($1::jsonb) AS x(bucket text, n int, window_seconds float8) ORDER BY x.bucket
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN w.window_ends_at <= now() THEN EXCLUDED.hits ELSE least(w.hits + EXCLUDED.hits, ${STORED_HITS_CAP}) END,
         window_ends_at = CASE WHEN w.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
       RETURNING w.bucket, w.hits, (extract(epoch FROM w.window_ends_at - now()) * 1000)::float8 AS ms_left`,
      [JSON.stringify(input)],
      { prepared: true },
    );
    const counts: WindowCount[] = new Array(requests.length);
    for (const row of rows) {
      const { policy, indexes, n } = buckets.get(row.bucket)!;
      const msLeft = Math.max(0, row.ms_left);
      // The bucket's requests take the counts after the old value in arrival order, each its own and then its extras.
      let last = row.hits - n;
      for (const index of indexes) {
        const first = last + 1;
        last += 1 + requests[index].extra;
        const hits = Math.min(first, policy.limit + 1);
        counts[index] = { hits, msLeft, spare: hits > policy.limit ? 0 : Math.max(0, Math.min(last, policy.limit) - first) };
      }
    }
    return counts;
  }

  /** Deletes the rows of ended windows (a returning client starts a new one either way). */
  async sweep(): Promise<number> {
    const { rowCount } = await this.db.sql('DELETE FROM issuer_api.rate_limit_windows WHERE window_ends_at <= now()');
    return rowCount;
  }
}
