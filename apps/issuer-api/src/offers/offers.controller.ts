import { Body, Controller, Inject, Param, Post, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { profileRefs, refKey } from '../access/ownership/ownership.rules';
import { ResourceOwnership } from '../access/ownership/resource-ownership.service';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { batchOfferRequestSchema, offerRequestSchema, type OfferRequest, type OfferResponse } from './offer-request.schema';
import { OfferService } from './offer.service';
import { SafeInputPipe } from '../common/safe-input.pipe';

/** Admin creation of credential offers (API.md §6). */
@Controller('api/v1/issuers/:issuerId/profiles/:profileId/offers')
@UsePipes(new SafeInputPipe())
export class OffersController {
  constructor(
    @Inject(OfferService) private readonly offers: OfferService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  @Post()
  async create(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(offerRequestSchema)) body: OfferRequest,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<OfferResponse> {
    await this.checkOverrides(issuerId, profileId, [body], '', principal);
    return this.offers.create(issuerId, profileId, body, request.id, audit);
  }

  @Post('batch')
  async createBatch(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(batchOfferRequestSchema)) { offers }: z.infer<typeof batchOfferRequestSchema>,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<{ offers: OfferResponse[] }> {
    await this.checkOverrides(issuerId, profileId, offers, 'offers', principal);
    return { offers: await this.offers.createBatch(issuerId, profileId, offers, request.id, audit) };
  }

  /**
   * Runtime overrides may replace the signing key, certificate or DID: an offer manager may only name what the
   * profile could (API.md §13), and what the profile itself names stays allowed.
   */
  private async checkOverrides(
    issuerId: string,
    profileId: string,
    requests: OfferRequest[],
    prefix: string,
    principal: Principal,
  ): Promise<void> {
    const refs = requests.flatMap((request, index) =>
      request.runtimeOverrides
        ? profileRefs(request.runtimeOverrides, [prefix && `${prefix}.${index}`, 'runtimeOverrides'].filter(Boolean).join('.'))
        : [],
    );
    if (!refs.length) return;
    const profile = await this.catalog.profile(issuerId, profileId);
    await this.ownership.requireUsable(refs, issuerId, principal, new Set(profile ? profileRefs(profile.body).map(refKey) : []));
  }
}
