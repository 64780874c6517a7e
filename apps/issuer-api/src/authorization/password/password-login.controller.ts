import { Controller, Get, Inject, Param, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SafeInputPipe } from '../../common/safe-input.pipe';
import { IssuerCatalog } from '../../issuers/issuer-catalog';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import { PAGE_SECURITY_HEADERS, renderErrorPage } from '../authorization-page';
import { loginPageHeaders, renderLoginPage } from './login-page';
import { PasswordLoginFlow, type LoginAnswer, type LoginForm } from './password-login.flow';

/**
 * `GET`/`POST {credential_issuer}/login/{loginId}` (API.md §11): the login form of the `PASSWORD` method and its
 * answer. Pages only (the visitor is the subject's browser): the form, a 302 to the wallet when the login ends, or a
 * small error page when the login is unknown, expired or already finished.
 */
@Controller('issuers/:issuerId/login')
@UsePipes(new SafeInputPipe({ body: false }))
export class PasswordLoginController {
  constructor(
    @Inject(PasswordLoginFlow) private readonly flow: PasswordLoginFlow,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Get(':loginId')
  async show(
    @Param('issuerId') issuerId: string,
    @Param('loginId') loginId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer) return this.unknown(reply, undefined, 404);
    this.send(reply, issuer, await this.flow.show(issuer, loginId, request.id));
  }

  @Post(':loginId')
  async submit(
    @Param('issuerId') issuerId: string,
    @Param('loginId') loginId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer) return this.unknown(reply, undefined, 404);
    const form = (request.body && typeof request.body === 'object' ? request.body : {}) as LoginForm;
    const fetchSite = request.headers['sec-fetch-site'];
    const answer = await this.flow.submit(
      issuer,
      loginId,
      form,
      { address: request.ip, ...(typeof fetchSite === 'string' ? { fetchSite } : {}) },
      request.id,
    );
    this.send(reply, issuer, answer);
  }

  private send(reply: FastifyReply, issuer: IssuerRecord, answer: LoginAnswer): void {
    switch (answer.kind) {
      case 'redirect':
        reply.code(302).headers({ location: answer.redirect, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send();
        return;
      case 'form':
        reply
          .code(answer.status)
          .headers({
            ...loginPageHeaders(answer.walletRedirectUri),
            ...(answer.retryAfterSeconds ? { 'retry-after': String(answer.retryAfterSeconds) } : {}),
          })
          .send(renderLoginPage(answer.page));
        return;
      case 'unknown':
        this.unknown(reply, issuer, 400);
    }
  }

  private unknown(reply: FastifyReply, issuer: IssuerRecord | undefined, status: 400 | 404): void {
    const description = issuer ? 'this login is unknown, has expired or is already finished' : 'this issuer does not exist';
    reply
      .code(status)
      .headers({ ...PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' })
      .send(renderErrorPage(issuer?.config, 'invalid_request', description));
  }
}
