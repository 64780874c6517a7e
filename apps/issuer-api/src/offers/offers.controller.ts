import { Body, Controller, Inject, Param, Post, Req, UseGuards, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { parseOrThrow } from '@issuer/platform';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { batchOfferRequestSchema, type OfferResponse } from './offer-request.schema';
import { OfferService } from './offer.service';
import { SafeInputPipe } from '../common/safe-input.pipe';

/** Admin creation of credential offers (API.md §6). */
@Controller('api/v1/issuers/:issuerId/profiles/:profileId/offers')
@UsePipes(new SafeInputPipe())
@UseGuards(AdminAuthGuard)
export class OffersController {
  constructor(@Inject(OfferService) private readonly offers: OfferService) {}

  @Post()
  create(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<OfferResponse> {
    return this.offers.create(issuerId, profileId, body, request.id);
  }

  @Post('batch')
  async createBatch(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ offers: OfferResponse[] }> {
    const { offers } = parseOrThrow(batchOfferRequestSchema, body);
    return { offers: await this.offers.createBatch(issuerId, profileId, offers, request.id) };
  }
}
