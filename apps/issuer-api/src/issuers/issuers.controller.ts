import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, UsePipes } from '@nestjs/common';
import { AppError, OutboundGuard, PLATFORM_CONFIG, type FieldError, type PlatformConfig } from '@issuer/platform';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { checkAuthorizationConfig } from '../authorization/authorization-config.rules';
import { AuthorizationSecrets } from '../authorization/authorization-secrets';
import { ISSUER_OUTBOUND_GUARD } from '../webhooks/outbound-guard.provider';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from './issuer-catalog';
import type { IssuerRecord } from './issuer.repository';
import type { z } from 'zod';
import { issuerConfigSchema, type IssuerConfig, type IssuerDto } from './issuer-config.schema';
import { checkIssuerConfig } from './issuer-config.validator';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { inScope, type Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { issuerConfigRefs, refKey } from '../access/ownership/ownership.rules';
import { ResourceOwnership } from '../access/ownership/resource-ownership.service';

/** Admin CRUD of issuers (API.md §4). */
@Controller('api/v1/issuers')
@UsePipes(new SafeInputPipe())
export class IssuersController {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(AuthorizationSecrets) private readonly secrets: AuthorizationSecrets,
    @Inject(ISSUER_OUTBOUND_GUARD) private readonly guard: OutboundGuard,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  @Post()
  async create(
    @Body(new SchemaPipe(issuerConfigSchema)) body: z.infer<typeof issuerConfigSchema>,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<IssuerDto> {
    const config = checkIssuerConfig(body);
    await this.check(config, principal, undefined);
    config.authorization = this.secrets.seal(config.id, config.authorization, undefined);
    const record = await this.catalog.issuers.insert(config, audit);
    if (!record) throw new AppError('CONFLICT', `issuer ${config.id} already exists`, [{ path: 'id', message: 'already exists' }]);
    this.catalog.changed(config.id);
    return this.toDto(record);
  }

  /** The issuers in the caller's scope (API.md §13: the others are not shown, as if they did not exist). */
  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: IssuerDto[] }> {
    const records = (await this.catalog.issuers.list()).filter((r) => inScope(principal, r.config.id));
    return { items: records.map((r) => this.toDto(r)) };
  }

  @Get(':issuerId')
  async get(@Param('issuerId') issuerId: string): Promise<IssuerDto> {
    const record = await this.catalog.issuers.find(issuerId);
    if (!record) throw AppError.notFound(`issuer ${issuerId}`);
    return this.toDto(record);
  }

  @Put(':issuerId')
  async update(
    @Param('issuerId') issuerId: string,
    @Body(new SchemaPipe(issuerConfigSchema)) body: z.infer<typeof issuerConfigSchema>,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<IssuerDto> {
    const config = checkIssuerConfig(body);
    if (config.id !== issuerId) throw AppError.validation([{ path: 'id', message: `must equal the issuer id in the path (${issuerId})` }]);
    const previous = await this.catalog.issuers.find(issuerId);
    if (!previous) throw AppError.notFound(`issuer ${issuerId}`);
    await this.check(config, principal, previous.config);
    config.authorization = this.secrets.seal(config.id, config.authorization, previous.config.authorization);
    const record = await this.catalog.issuers.update(config, audit);
    if (!record) throw AppError.notFound(`issuer ${issuerId}`);
    this.catalog.changed(issuerId);
    return this.toDto(record);
  }

  @Delete(':issuerId')
  @HttpCode(204)
  async remove(@Param('issuerId') issuerId: string, @CurrentAudit() audit: PendingAudit | undefined): Promise<void> {
    if (!(await this.catalog.issuers.delete(issuerId, audit))) throw AppError.notFound(`issuer ${issuerId}`);
    this.catalog.changed(issuerId);
  }

  /** What needs other services or deployment settings: keys, certificates, the authorization settings. */
  private async check(config: IssuerConfig, principal: Principal, previous: IssuerConfig | undefined): Promise<void> {
    // Whose keys and certificates it names first (API.md §13), before anything that would tell whether they exist.
    const kept = new Set(previous ? issuerConfigRefs(previous).map(refKey) : []);
    await this.ownership.requireUsable(issuerConfigRefs(config), config.id, principal, kept);
    const { tokenKeyId, statusListKeyId, signedMetadata, authorization } = config;
    const errors: FieldError[] = authorization ? await checkAuthorizationConfig(authorization, this.guard) : [];
    for (const [path, keyId] of Object.entries({ tokenKeyId, statusListKeyId })) {
      if (keyId && !(await this.catalog.key(keyId))) errors.push({ path, message: `key ${keyId} does not exist` });
    }
    if (signedMetadata) {
      if (!(await this.catalog.key(signedMetadata.keyId)))
        errors.push({ path: 'signedMetadata.keyId', message: `key ${signedMetadata.keyId} does not exist` });
      const { certificateId } = signedMetadata;
      const certificate = certificateId ? await this.catalog.certificate(certificateId) : undefined;
      if (certificateId && certificate?.keyId !== signedMetadata.keyId)
        errors.push({
          path: 'signedMetadata.certificateId',
          message: `certificate ${certificateId} does not exist or is not for that key`,
        });
    }
    if (errors.length) throw AppError.validation(errors);
  }

  private toDto(record: IssuerRecord): IssuerDto {
    const { authorization, ...config } = record.config;
    return {
      ...config,
      ...(authorization ? { authorization: this.secrets.mask(authorization) } : {}),
      credentialIssuer: credentialIssuerOf(this.config, record.config.id),
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}
