import { Controller, Delete, Get, HttpCode, Inject, Param, Query, Req, Res, UseGuards, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, parseOrThrow } from '@issuer/platform';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { EventStreamService } from '../events/event-stream.service';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SessionAdminRepository } from './session-admin.repository';
import type { SessionDto } from './session.types';
import { SafeInputPipe } from '../common/safe-input.pipe';

const listQuerySchema = z
  .object({
    status: z.enum(['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL', 'REJECTED_BY_USER', 'EXPIRED']).optional(),
    profileId: z.string().max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(128).optional(),
  })
  .strict();

/** Admin sessions and the SSE event streams (API.md §7). */
@Controller('api/v1/issuers/:issuerId')
@UsePipes(new SafeInputPipe())
@UseGuards(AdminAuthGuard)
export class SessionsController {
  constructor(
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
    @Inject(EventStreamService) private readonly streams: EventStreamService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Get('sessions')
  async list(@Param('issuerId') issuerId: string, @Query() query: unknown): Promise<{ items: SessionDto[]; nextCursor?: string }> {
    const filter = parseOrThrow(listQuerySchema, query);
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
  async purge(@Param('issuerId') issuerId: string, @Param('sessionId') sessionId: string, @Req() request: FastifyRequest): Promise<void> {
    if (!(await this.sessions.purge(issuerId, sessionId, request.id))) throw AppError.notFound(`session ${sessionId}`);
  }

  @Get('sessions/:sessionId/events')
  async sessionEvents(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(await this.sessions.exists(issuerId, sessionId))) throw AppError.notFound(`session ${sessionId}`);
    await this.streams.stream(request, reply, issuerId, sessionId);
  }

  @Get('events')
  async issuerEvents(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.requireIssuer(issuerId);
    await this.streams.stream(request, reply, issuerId);
  }

  private async requireIssuer(issuerId: string): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
  }
}
