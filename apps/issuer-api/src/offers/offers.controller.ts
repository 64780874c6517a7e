import { Body, Controller, Inject, Param, Post, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { SchemaPipe } from '../common/schema.pipe';
import { batchOfferRequestSchema, offerRequestSchema, type OfferRequest, type OfferResponse } from './offer-request.schema';
import { OfferService } from './offer.service';
import { SafeInputPipe } from '../common/safe-input.pipe';

/** Admin creation of credential offers (API.md §6). */
@Controller('api/v1/issuers/:issuerId/profiles/:profileId/offers')
@UsePipes(new SafeInputPipe())
export class OffersController {
  constructor(@Inject(OfferService) private readonly offers: OfferService) {}

  @Post()
  create(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(offerRequestSchema)) body: OfferRequest,
    @Req() request: FastifyRequest,
  ): Promise<OfferResponse> {
    return this.offers.create(issuerId, profileId, body, request.id);
  }

  @Post('batch')
  async createBatch(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(batchOfferRequestSchema)) { offers }: z.infer<typeof batchOfferRequestSchema>,
    @Req() request: FastifyRequest,
  ): Promise<{ offers: OfferResponse[] }> {
    return { offers: await this.offers.createBatch(issuerId, profileId, offers, request.id) };
  }
}
