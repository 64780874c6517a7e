import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import type { SessionStatus } from '../sessions/session.types';

/** Credentials issued on one UTC day in one format. */
export interface IssuedPerDay {
  date: string;
  format: string;
  count: number;
}

/** The issuers counted: a list (a scoped principal, or one issuer), or every issuer. */
export type StatsScope = { issuers: string[] } | 'all';

/**
 * Aggregates over issuer_api.sessions for the dashboard. Both queries read only the sessions created in the window:
 * by `(issuer_id, created_at)` through sessions_issuer_idx for a list of issuers, by `created_at` through
 * sessions_created_idx for every issuer, so the cost follows the window, not the table. A credential is counted with
 * the session that issued it: one issued in the window by a session created before it (a refresh token, a long
 * deferred issuance) is not counted, which is the price of not scanning older sessions.
 */
@Injectable()
export class StatsRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  async sessionsByStatus(scope: StatsScope, from: Date): Promise<Partial<Record<SessionStatus, number>>> {
    const { where, params } = windowFilter(scope, from);
    const { rows } = await this.db.sql<{ status: SessionStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM issuer_api.sessions WHERE ${where} GROUP BY status`,
      params,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Issued credentials by UTC day of `issuedAt` and format, oldest day first. */
  async issuedPerDay(scope: StatsScope, from: Date): Promise<IssuedPerDay[]> {
    const { where, params } = windowFilter(scope, from);
    const { rows } = await this.db.sql<IssuedPerDay>(
      `SELECT to_char(((c->>'issuedAt')::timestamptz AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS date,
              c->>'format' AS format, count(*)::int AS count
       FROM issuer_api.sessions s CROSS JOIN LATERAL jsonb_array_elements(s.credentials) AS c
       WHERE ${where} AND s.credentials <> '[]'::jsonb AND (c->>'issuedAt')::timestamptz >= $1
       GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    return rows;
  }
}

/** `$1` is always the window start; `$2` the issuer list when there is one (issuer first: sessions_issuer_idx). */
function windowFilter(scope: StatsScope, from: Date): { where: string; params: unknown[] } {
  return scope === 'all'
    ? { where: 'created_at >= $1', params: [from] }
    : { where: 'issuer_id = ANY($2::text[]) AND created_at >= $1', params: [from, scope.issuers] };
}
