import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { principalKey, type Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SessionAdminRepository } from '../sessions/session-admin.repository';
import { EventStreamService } from './event-stream.service';
import { StreamTokenService } from './stream-token.service';

/** The SSE event streams (API.md §7) and their short-lived stream tokens for browsers. */
@Controller('api/v1/issuers/:issuerId')
@UsePipes(new SafeInputPipe())
export class EventStreamsController {
  constructor(
    @Inject(EventStreamService) private readonly streams: EventStreamService,
    @Inject(StreamTokenService) private readonly tokens: StreamTokenService,
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Get('sessions/:sessionId/events')
  async sessionEvents(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.requireSession(issuerId, sessionId);
    await this.streams.stream(request, reply, issuerId, sessionId);
  }

  @Get('events')
  async issuerEvents(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.requireIssuer(issuerId);
    await this.streams.stream(request, reply, issuerId);
  }

  @Post('sessions/:sessionId/events/token')
  @HttpCode(200)
  async sessionToken(@Param('issuerId') issuerId: string, @Param('sessionId') sessionId: string, @CurrentPrincipal() principal: Principal) {
    await this.requireSession(issuerId, sessionId);
    return this.tokens.issue(issuerId, sessionId, principalKey(principal), principal.expiresAt);
  }

  @Post('events/token')
  @HttpCode(200)
  async issuerToken(@Param('issuerId') issuerId: string, @CurrentPrincipal() principal: Principal) {
    await this.requireIssuer(issuerId);
    return this.tokens.issue(issuerId, undefined, principalKey(principal), principal.expiresAt);
  }

  private async requireSession(issuerId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.exists(issuerId, sessionId))) throw AppError.notFound(`session ${sessionId}`);
  }

  private async requireIssuer(issuerId: string): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
  }
}
