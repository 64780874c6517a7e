import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Oid4vciError } from '@issuer/oid4vci';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { EventRecorder } from '../events/event-recorder';
import { CredentialService } from './credential.service';
import { NonceService } from './nonce.service';
import { TokenService } from './token.service';
import { requireWalletIssuer } from './wallet-issuer';
import { SafeInputPipe } from '../common/safe-input.pipe';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Wallet-facing protocol endpoints of each issuer: token, nonce and credential (OID4VCI §6–§8). */
@Controller('issuers/:issuerId')
@UsePipes(new SafeInputPipe({ body: false }))
export class WalletController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(NonceService) private readonly nonces: NonceService,
    @Inject(CredentialService) private readonly credentials: CredentialService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(EventRecorder) private readonly events: EventRecorder,
  ) {}

  @Post('token')
  @HttpCode(200)
  async token(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new Oid4vciError('invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    const response = await this.tokens.token(issuerId, (request.body ?? {}) as Record<string, unknown>, request.id);
    reply.headers(NO_STORE).send(response);
  }

  @Post('nonce')
  @HttpCode(200)
  async nonce(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await requireWalletIssuer(this.catalog, issuerId);
    const cNonce = this.nonces.create();
    await this.events.recordEvents(issuerId, undefined, undefined, [{ event: 'nonce_request_succeeded' }], request.id);
    reply.headers(NO_STORE).send({ c_nonce: cNonce });
  }

  @Post('credential')
  @HttpCode(200)
  async credential(@Param('issuerId') issuerId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const response = await this.credentials.issue(issuerId, request.headers.authorization, body, request.id);
    reply.headers({ ...NO_STORE, date: new Date().toUTCString() }).send(response);
  }
}
