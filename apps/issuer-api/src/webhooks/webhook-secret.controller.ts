import { Controller, Get, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SigningSecretRepository, type SigningSecretStatus } from './signing-secret.repository';

/**
 * The issuer's webhook signing secret (Standard Webhooks `webhook-signature`). GET never shows it; POST
 * creates or rotates it and shows the new secret once; the previous one keeps signing for 24 h.
 */
@Controller('api/v1/issuers/:issuerId/webhook-secret')
@UsePipes(new SafeInputPipe())
export class WebhookSecretController {
  constructor(
    @Inject(SigningSecretRepository) private readonly secrets: SigningSecretRepository,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {}

  @Get()
  async status(@Param('issuerId') issuerId: string): Promise<SigningSecretStatus> {
    await this.requireIssuer(issuerId);
    const status = await this.secrets.status(issuerId);
    if (!status) throw AppError.notFound(`webhook secret of issuer ${issuerId} (POST creates one)`);
    return status;
  }

  @Post()
  @HttpCode(201)
  async rotate(
    @Param('issuerId') issuerId: string,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<SigningSecretStatus & { secret: string }> {
    await this.requireIssuer(issuerId);
    return this.secrets.rotate(issuerId, audit);
  }

  private async requireIssuer(issuerId: string): Promise<void> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
  }
}
