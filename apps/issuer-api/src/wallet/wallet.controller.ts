import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Oid4vciError } from '@issuer/oid4vci';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { ClientAttestationService } from '../authorization/client-attestation/client-attestation.service';
import { CodeTokenService } from '../authorization/code-token.service';
import { DpopService } from '../authorization/dpop/dpop.service';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { EventRecorder } from '../events/event-recorder';
import { AccessTokenAuthorizer } from './access-token.authorizer';
import { CredentialService } from './credential.service';
import { NonceService } from './nonce.service';
import { TokenService } from './token.service';
import { requireWalletIssuer } from './wallet-issuer';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { DeferredIssuanceService } from '../deferred/deferred-issuance.service';
import { WalletNotificationService } from '../wallet-notifications/wallet-notification.service';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Wallet-facing protocol endpoints of each issuer: token, nonce, credential, deferred credential and notification (OID4VCI §6–§11). */
@Controller('issuers/:issuerId')
@UsePipes(new SafeInputPipe({ body: false }))
export class WalletController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(NonceService) private readonly nonces: NonceService,
    @Inject(CredentialService) private readonly credentials: CredentialService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(EventRecorder) private readonly events: EventRecorder,
    @Inject(CodeTokenService) private readonly codeTokens: CodeTokenService,
    @Inject(DpopService) private readonly dpop: DpopService,
    @Inject(ClientAttestationService) private readonly attestation: ClientAttestationService,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(DeferredIssuanceService) private readonly deferred: DeferredIssuanceService,
    @Inject(WalletNotificationService) private readonly notifications: WalletNotificationService,
    @Inject(AccessTokenAuthorizer) private readonly accessTokens: AccessTokenAuthorizer,
  ) {}

  /**
   * Every grant (API.md §11): a DPoP proof binds the access token to its key (`token_type: DPoP`), client attestation
   * authenticates the wallet; `authorization_code` and `refresh_token` go to the authorization server, the
   * pre-authorized code to the OID4VCI token service.
   */
  @Post('token')
  @HttpCode(200)
  async token(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new Oid4vciError('invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    const form = (request.body ?? {}) as Record<string, unknown>;
    const credentialIssuer = credentialIssuerOf(this.platform, issuerId);
    const dpopJkt = await this.dpop.verify({
      header: request.headers.dpop,
      method: 'POST',
      url: `${credentialIssuer}/token`,
      endpoint: 'token',
      requireNonce: authorizationConfigOf(issuer.config).requireDpopNonce,
    });
    if (!dpopJkt && authorizationConfigOf(issuer.config).requireDpop) throw DpopService.required();
    const clientId = typeof form['client_id'] === 'string' ? form['client_id'] : undefined;
    const attestedClientId = await this.attestation.authenticate(issuer.config, credentialIssuer, request.headers, clientId);
    const grantType = form['grant_type'];
    const response =
      grantType === 'authorization_code' || grantType === 'refresh_token'
        ? await this.codeTokens.token(
            issuer,
            form,
            { ...(dpopJkt ? { dpopJkt } : {}), ...(attestedClientId ? { attestedClientId } : {}) },
            request.id,
          )
        : await this.tokens.token(issuerId, form, request.id, dpopJkt);
    reply.headers(NO_STORE).send(response);
  }

  @Post('nonce')
  @HttpCode(200)
  async nonce(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await requireWalletIssuer(this.catalog, issuerId);
    const cNonce = this.nonces.create();
    // API.md §10: issuer-wide, unless the wallet sent its access token; the event then joins that session's timeline.
    const token = this.accessTokens.presentedToken(request.headers.authorization);
    await this.events.recordEventsOfAccessToken(issuerId, token, [{ event: 'nonce_request_succeeded' }], request.id);
    reply.headers(NO_STORE).send({ c_nonce: cNonce });
  }

  @Post('credential')
  @HttpCode(200)
  async credential(@Param('issuerId') issuerId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const response = await this.credentials.issue(issuerId, presented(request), body, request.id);
    // OID4VCI 1.0 §8.3: a deferred answer (transaction_id) is 202.
    reply
      .status('transaction_id' in response ? 202 : 200)
      .headers({ ...NO_STORE, date: new Date().toUTCString() })
      .send(response);
  }

  @Post('deferred_credential')
  @HttpCode(200)
  async deferredCredential(
    @Param('issuerId') issuerId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { status, body: response } = await this.deferred.poll(issuerId, presented(request), body, request.id);
    reply
      .status(status)
      .headers({ ...NO_STORE, date: new Date().toUTCString() })
      .send(response);
  }

  @Post('notification')
  @HttpCode(204)
  async notification(@Param('issuerId') issuerId: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.notifications.notify(issuerId, presented(request), body, request.id);
  }
}

function presented(request: FastifyRequest) {
  return { authorization: request.headers.authorization, dpop: request.headers.dpop };
}
