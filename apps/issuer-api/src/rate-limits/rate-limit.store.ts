import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import type { RateLimitPolicy, WindowCount } from './rate-limit-window';

/**
 * The counters every replica shares (table `rate_limit_windows`, UNLOGGED: losing them in a database crash only
 * resets the windows). Counting is one statement: the bucket's row is inserted, counted up, or restarted when its
 * window has ended, under the row lock of the upsert, so concurrent requests on any replica never overshoot. The
 * database's clock decides when a window ends, so replicas with skewed clocks agree.
 */
@Injectable()
export class RateLimitStore {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** Counts one request in `bucket`'s window. The count stops at limit + 1: refused requests only need to stay refused. */
  async count(bucket: string, policy: RateLimitPolicy): Promise<WindowCount> {
    const { rows } = await this.db.sql<{ hits: number; ms_left: number }>(
      `INSERT INTO issuer_api.rate_limit_windows AS w (bucket, window_ends_at, hits)
       VALUES ($1, now() + make_interval(secs => $2::float8), 1)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN w.window_ends_at <= now() THEN 1 ELSE least(w.hits + 1, $3::int + 1) END,
         window_ends_at = CASE WHEN w.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
       RETURNING w.hits, (extract(epoch FROM w.window_ends_at - now()) * 1000)::float8 AS ms_left`,
      [bucket, policy.windowSeconds, policy.limit],
    );
    return { hits: rows[0].hits, msLeft: Math.max(0, rows[0].ms_left) };
  }

  /** Deletes the rows of ended windows (a returning client starts a new one either way). */
  async sweep(): Promise<number> {
    const { rowCount } = await this.db.sql('DELETE FROM issuer_api.rate_limit_windows WHERE window_ends_at <= now()');
    return rowCount;
  }
}
