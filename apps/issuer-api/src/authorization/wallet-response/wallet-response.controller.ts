import { Controller, Get, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_STORE_HEADERS, OAuth2Error } from '@issuer/oauth2';
import { SafeInputPipe } from '../../common/safe-input.pipe';
import { IssuerCatalog } from '../../issuers/issuer-catalog';
import { requireWalletIssuer } from '../../wallet/wallet-issuer';
import { WalletResponseService } from './wallet-response.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The endpoints a wallet talks to during an ID token or VP token login (API.md §11): the signed request object by
 * reference (RFC 9101 `request_uri`) and the `direct_post` response (OpenID4VP 1.0 §8.2). Errors are OAuth JSON.
 */
@Controller('issuers/:issuerId')
@UsePipes(new SafeInputPipe({ body: false }))
export class WalletResponseController {
  constructor(
    @Inject(WalletResponseService) private readonly responses: WalletResponseService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Get('request/:requestId')
  async requestObject(
    @Param('issuerId') issuerId: string,
    @Param('requestId') requestId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    if (!UUID.test(requestId)) throw new OAuth2Error('invalid_request_uri', 'the request is unknown, answered or expired', { status: 404 });
    const jwt = await this.responses.requestObject(issuer, requestId.toLowerCase());
    reply
      .code(200)
      .headers({ ...NO_STORE_HEADERS, 'content-type': 'application/oauth-authz-req+jwt' })
      .send(jwt);
  }

  @Post('direct_post')
  async directPost(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      throw new OAuth2Error('invalid_request', 'the response must be application/x-www-form-urlencoded');
    const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const outcome = await this.responses.directPost(issuer, form, request.id);
    if (outcome.refused)
      return void reply
        .code(400)
        .headers(NO_STORE_HEADERS)
        .send({ error: outcome.refused.error, error_description: outcome.refused.description });
    reply.code(200).headers(NO_STORE_HEADERS).send({ redirect_uri: outcome.redirect });
  }
}
