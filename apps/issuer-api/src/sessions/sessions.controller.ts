import { Controller, Delete, Get, HttpCode, Inject, Param, Query, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotificationsDeliveriesPurge } from '@issuer/contracts';
import { AppError, BUS, LOGGER, type Bus, type Logger } from '@issuer/platform';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SessionAdminRepository } from './session-admin.repository';
import type { SessionDto } from './session.types';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';

const listQuerySchema = z
  .object({
    status: z.enum(['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED']).optional(),
    profileId: z.string().max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(128).optional(),
  })
  .strict();

/** Admin sessions (API.md §7); their SSE streams are in events/event-streams.controller.ts. */
@Controller('api/v1/issuers/:issuerId')
@UsePipes(new SafeInputPipe())
export class SessionsController {
  constructor(
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('sessions')
  async list(
    @Param('issuerId') issuerId: string,
    @Query(new SchemaPipe(listQuerySchema)) filter: z.infer<typeof listQuerySchema>,
  ): Promise<{ items: SessionDto[]; nextCursor?: string }> {
    await this.requireIssuer(issuerId);
    return this.sessions.list(issuerId, filter);
  }

  @Get('sessions/:sessionId')
  async get(@Param('issuerId') issuerId: string, @Param('sessionId') sessionId: string): Promise<SessionDto> {
    const session = await this.sessions.get(issuerId, sessionId);
    if (!session) throw AppError.notFound(`session ${sessionId}`);
    return session;
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  async purge(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Req() request: FastifyRequest,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<void> {
    if (!(await this.sessions.purge(issuerId, sessionId, request.id, audit))) throw AppError.notFound(`session ${sessionId}`);
    // The webhook deliveries hold copies of the events; the next retention run retries if this fails.
    await this.bus.request(NotificationsDeliveriesPurge, { sessions: [{ issuerId, sessionId }] }).catch((error: unknown) => {
      this.logger.warn({ err: error, issuerId, sessionId }, 'purging the webhook deliveries of a purged session failed');
    });
  }

  private async requireIssuer(issuerId: string): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
  }
}
