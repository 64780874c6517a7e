import { Body, Controller, HttpCode, Inject, Param, Post, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import type { z } from 'zod';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { credentialDataDecisionSchema } from './credential-data.schema';
import { DeferredIssuanceService } from './deferred-issuance.service';

/** The operator's side of deferred issuance (API.md §12): supply the data and approve, or refuse. */
@Controller('api/v1/issuers/:issuerId')
@UsePipes(new SafeInputPipe())
export class CredentialDataController {
  constructor(
    @Inject(DeferredIssuanceService) private readonly deferred: DeferredIssuanceService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Post('sessions/:sessionId/credential-data')
  @HttpCode(204)
  async supply(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Body(new SchemaPipe(credentialDataDecisionSchema)) decision: z.infer<typeof credentialDataDecisionSchema>,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
    if (sessionId.length > 128) throw AppError.notFound(`session ${sessionId}`);
    await this.deferred.decide(issuerId, sessionId, decision, request.id);
  }
}
