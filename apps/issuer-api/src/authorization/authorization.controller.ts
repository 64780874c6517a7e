import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizationRequestError, authorizationErrorRedirectFor, NO_STORE_HEADERS, OAuth2Error } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerRecord } from '../issuers/issuer.repository';
import { requireWalletIssuer } from '../wallet/wallet-issuer';
import { authorizationConfigOf } from './authorization-config';
import { AuthorizationService, type AuthorizationOutcome } from './authorization.service';
import { PAGE_SECURITY_HEADERS, renderErrorPage, wantsHtml } from './authorization-page';
import { ClientAttestationService } from './client-attestation/client-attestation.service';
import { DpopService } from './dpop/dpop.service';

/**
 * The authorization endpoints of each issuer (API.md §11): `/par` (RFC 9126), `/authorize` and the identity
 * provider's callback. What can go back to the wallet goes back by redirect; what cannot (no trusted redirect
 * URI yet) is a 400, as JSON or, for a browser, a small page that cannot be framed.
 */
@Controller('issuers/:issuerId')
@UsePipes(new SafeInputPipe({ body: false }))
export class AuthorizationController {
  constructor(
    @Inject(AuthorizationService) private readonly authorization: AuthorizationService,
    @Inject(DpopService) private readonly dpop: DpopService,
    @Inject(ClientAttestationService) private readonly attestation: ClientAttestationService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post('par')
  @HttpCode(201)
  async par(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      throw new OAuth2Error('invalid_request', 'the pushed authorization request must be application/x-www-form-urlencoded');
    const form = formOf(request.body);
    const credentialIssuer = credentialIssuerOf(this.config, issuerId);
    // A DPoP proof at PAR binds the code to its key (RFC 9449 §10); attestation authenticates the client.
    const dpopJkt = await this.dpop.verify({
      header: request.headers.dpop,
      method: 'POST',
      url: `${credentialIssuer}/par`,
      endpoint: 'token',
      requireNonce: authorizationConfigOf(issuer.config).requireDpopNonce,
    });
    const clientId = typeof form['client_id'] === 'string' ? form['client_id'] : undefined;
    const attestedClientId = await this.attestation.authenticate(issuer.config, credentialIssuer, request.headers, clientId);
    const response = await this.authorization.pushedRequest(
      issuer,
      form,
      { ...(dpopJkt ? { dpopJkt } : {}), ...(attestedClientId ? { attestedClientId } : {}) },
      request.id,
    );
    reply.code(201).headers(NO_STORE_HEADERS).send(response);
  }

  @Get('authorize')
  async authorize(@Param('issuerId') issuerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer)
      return this.refuse(
        reply,
        request,
        undefined,
        new AuthorizationRequestError('invalid_request', `unknown issuer ${issuerId}`, { status: 404 }),
      );
    await this.answer(reply, request, issuer, () => this.authorization.authorize(issuer, queryOf(request.url), request.id));
  }

  @Get('idp-callback')
  async identityProviderCallback(
    @Param('issuerId') issuerId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer)
      return this.refuse(
        reply,
        request,
        undefined,
        new AuthorizationRequestError('invalid_request', `unknown issuer ${issuerId}`, { status: 404 }),
      );
    // The URL the provider redirected to, as registered there: the public one, with the provider's query.
    const callbackUrl = new URL(`${credentialIssuerOf(this.config, issuerId)}/idp-callback`);
    callbackUrl.search = queryOf(request.url).toString();
    await this.answer(reply, request, issuer, () => this.authorization.identityProviderCallback(issuer, callbackUrl, request.id));
  }

  private async answer(
    reply: FastifyReply,
    request: FastifyRequest,
    issuer: IssuerRecord,
    step: () => Promise<AuthorizationOutcome>,
  ): Promise<void> {
    try {
      const outcome = await step();
      reply.code(302).headers({ location: outcome.redirect, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send();
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      const redirect = authorizationErrorRedirectFor(error, credentialIssuerOf(this.config, issuer.config.id));
      if (redirect)
        return void reply.code(302).headers({ location: redirect, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send();
      this.refuse(reply, request, issuer, error);
    }
  }

  /** An error that must not be redirected: a 400 (never a 5xx for what the request did) as JSON or a page. */
  private refuse(reply: FastifyReply, request: FastifyRequest, issuer: IssuerRecord | undefined, error: OAuth2Error): void {
    const status = error.status >= 500 && error.error !== 'temporarily_unavailable' ? 400 : error.status;
    if (wantsHtml(request.headers.accept)) {
      reply
        .code(status)
        .headers({ ...PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' })
        .send(renderErrorPage(issuer?.config, error.error, error.message));
      return;
    }
    reply
      .code(status)
      .headers({ ...NO_STORE_HEADERS, ...(error.headers ?? {}) })
      .send(error.toResponseBody());
  }
}

/** The query of a request URL as the oauth2 lib reads parameters (repeated names stay visible as repeats). */
function queryOf(url: string): URLSearchParams {
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}

/** A decoded form body (Fastify gives an object, repeated names as arrays) as request parameters. */
function formOf(body: unknown): Record<string, unknown> {
  return (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
}
