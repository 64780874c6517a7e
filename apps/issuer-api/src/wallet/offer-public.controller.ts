import { Controller, Get, Header, Inject, Param, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Oid4vciError, type CredentialOffer } from '@issuer/oid4vci';
import { OfferSessionRepository } from '../sessions/offer-session.repository';
import { SafeInputPipe } from '../common/safe-input.pipe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `credential_offer_uri` target (OID4VCI §4.1.3): the offer JSON while the offer is open. */
@Controller('issuers/:issuerId/offers')
@UsePipes(new SafeInputPipe({ body: false }))
export class OfferPublicController {
  constructor(@Inject(OfferSessionRepository) private readonly sessions: OfferSessionRepository) {}

  @Get(':offerId')
  @Header('cache-control', 'no-store')
  async offer(
    @Param('issuerId') issuerId: string,
    @Param('offerId') offerId: string,
    @Req() request: FastifyRequest,
  ): Promise<CredentialOffer> {
    const offer = UUID.test(offerId) ? await this.sessions.retrieveOffer(issuerId, offerId, request.id) : undefined;
    if (!offer) throw new Oid4vciError('invalid_request', 'unknown or expired credential offer', { status: 404 });
    return offer;
  }
}
