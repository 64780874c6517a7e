import { Controller, Get, Inject, Query, UsePipes } from '@nestjs/common';
import { NotificationsDeliveriesCounts, type DeliveriesCountsResponse } from '@issuer/contracts';
import { AppError, BUS, LOGGER, type Bus, type Logger } from '@issuer/platform';
import { inScope, type Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { SessionStatus } from '../sessions/session.types';
import { statsQuerySchema, statsWindow, type StatsQuery } from './stats.query';
import { StatsRepository, type IssuedPerDay, type StatsScope } from './stats.repository';

const SESSION_STATUSES: SessionStatus[] = ['SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED', 'ACTIVE'];

/** What the admin dashboard charts: issuance per day and format, session outcomes, the webhook backlog. */
export interface StatsDto {
  from: string;
  to: string;
  days: number;
  issuerId?: string;
  issuedPerDay: IssuedPerDay[];
  /** Sessions created in the window, by their status now; every status is present. */
  sessions: Record<SessionStatus, number>;
  /** From the notifications service; null when it could not answer (the rest of the answer still stands). */
  webhooks: DeliveriesCountsResponse | null;
}

/**
 * `GET /api/v1/stats` (docs/api-additions.md): counts over the issuers in the caller's scope, or over one of them.
 * An issuer out of scope reads as a missing one (404), as everywhere in the admin API.
 */
@Controller('api/v1/stats')
@UsePipes(new SafeInputPipe())
export class StatsController {
  constructor(
    @Inject(StatsRepository) private readonly stats: StatsRepository,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  async get(@Query(new SchemaPipe(statsQuerySchema)) query: StatsQuery, @CurrentPrincipal() principal: Principal): Promise<StatsDto> {
    const { from, to } = statsWindow(query.days, new Date());
    const scope = await this.scopeOf(query.issuerId, principal);
    const empty = scope !== 'all' && scope.issuers.length === 0;
    const [issuedPerDay, byStatus, webhooks] = await Promise.all([
      empty ? [] : this.stats.issuedPerDay(scope, from),
      empty ? ({} as Partial<Record<SessionStatus, number>>) : this.stats.sessionsByStatus(scope, from),
      this.webhooks(scope, from),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      days: query.days,
      ...(query.issuerId ? { issuerId: query.issuerId } : {}),
      issuedPerDay,
      sessions: Object.fromEntries(SESSION_STATUSES.map((s) => [s, byStatus[s] ?? 0])) as Record<SessionStatus, number>,
      webhooks,
    };
  }

  private async scopeOf(issuerId: string | undefined, principal: Principal): Promise<StatsScope> {
    if (issuerId !== undefined) {
      if (!inScope(principal, issuerId) || !(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
      return { issuers: [issuerId] };
    }
    return principal.issuers === '*' ? 'all' : { issuers: principal.issuers };
  }

  private async webhooks(scope: StatsScope, from: Date): Promise<DeliveriesCountsResponse | null> {
    if (scope !== 'all' && scope.issuers.length === 0) return { pending: 0, failed: 0, delivered: 0 };
    try {
      const request = { since: from.toISOString(), ...(scope === 'all' ? {} : { issuerIds: scope.issuers }) };
      return await this.bus.request(NotificationsDeliveriesCounts, request, { timeoutMs: 5_000 });
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook delivery counts unavailable for the stats');
      return null;
    }
  }
}
