import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, UsePipes } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import type { PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import type { ProfileRecord } from './profile.repository';
import { profileSchema, type ProfileBody, type ProfileDto } from './profile.schema';
import { validateProfile } from './profile.validator';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { WebhookConfigService } from '../webhooks/webhook-config.service';
import { DataFunctionFetcher } from '../wallet/data-function.fetcher';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { profileRefs, refKey } from '../access/ownership/ownership.rules';
import { ResourceOwnership } from '../access/ownership/resource-ownership.service';

/** Admin CRUD of credential profiles (API.md §5): versioned on update, soft-deleted. */
@Controller('api/v1/issuers/:issuerId/profiles')
@UsePipes(new SafeInputPipe())
export class ProfilesController {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(WebhookConfigService) private readonly webhooks: WebhookConfigService,
    @Inject(DataFunctionFetcher) private readonly fetcher: DataFunctionFetcher,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  @Post()
  async create(
    @Param('issuerId') issuerId: string,
    @Body(new SchemaPipe(profileSchema)) body: ProfileBody,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<ProfileDto> {
    const issuer = await this.issuerConfig(issuerId);
    await this.ownership.requireUsable(profileRefs(body), issuerId, principal);
    const profile = await this.validated(body, issuer);
    const profileId = profile.id ?? randomUUID();
    await this.checkWalletInitiated(issuerId, profileId, profile);
    const { id: _id, ...stored } = profile;
    stored.notifications = this.webhooks.seal(stored.notifications, issuerId);
    const record = await this.catalog.profiles.insert(issuerId, profileId, stored, audit);
    if (!record) throw new AppError('CONFLICT', `profile ${profileId} already exists`, [{ path: 'id', message: 'already exists' }]);
    this.catalog.changed(issuerId);
    return toProfileDto(record);
  }

  @Get()
  async list(@Param('issuerId') issuerId: string): Promise<{ items: ProfileDto[] }> {
    await this.issuerConfig(issuerId);
    return { items: (await this.catalog.profiles.list(issuerId)).map(toProfileDto) };
  }

  @Get(':profileId')
  async get(@Param('issuerId') issuerId: string, @Param('profileId') profileId: string): Promise<ProfileDto> {
    const record = await this.catalog.profiles.find(issuerId, profileId);
    if (!record) throw AppError.notFound(`profile ${profileId}`);
    return toProfileDto(record);
  }

  @Put(':profileId')
  async update(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(profileSchema)) body: ProfileBody,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<ProfileDto> {
    const issuer = await this.issuerConfig(issuerId);
    // What the stored version already names stays allowed (a platform key a platform-admin chose, API.md §13).
    const current = (await this.catalog.profiles.find(issuerId, profileId))?.body;
    await this.ownership.requireUsable(profileRefs(body), issuerId, principal, new Set(current ? profileRefs(current).map(refKey) : []));
    const profile = await this.validated(body, issuer);
    if (profile.id !== undefined && profile.id !== profileId)
      throw AppError.validation([{ path: 'id', message: 'must equal the profile id in the path' }]);
    await this.checkWalletInitiated(issuerId, profileId, profile);
    const { id: _id, ...stored } = profile;
    const previous = (await this.catalog.profiles.find(issuerId, profileId))?.body.notifications;
    stored.notifications = this.webhooks.seal(stored.notifications, issuerId, previous);
    const record = await this.catalog.profiles.update(issuerId, profileId, stored, audit);
    if (!record) throw AppError.notFound(`active profile ${profileId}`);
    this.catalog.changed(issuerId);
    return toProfileDto(record);
  }

  @Delete(':profileId')
  @HttpCode(204)
  async remove(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<void> {
    if (!(await this.catalog.profiles.deactivate(issuerId, profileId, audit))) throw AppError.notFound(`active profile ${profileId}`);
    this.catalog.changed(issuerId);
  }

  /** At most one active profile serves wallet-initiated requests per configuration (API.md §11); a unique index backs this. */
  private async checkWalletInitiated(issuerId: string, profileId: string, profile: ProfileBody): Promise<void> {
    if (!profile.walletInitiated) return;
    const others = (await this.catalog.profiles.findWalletInitiated(issuerId, profile.credentialConfigurationId)).filter(
      (p) => p.profileId !== profileId,
    );
    if (others.length)
      throw new AppError(
        'CONFLICT',
        `profile ${others[0].profileId} already serves wallet-initiated requests for ${profile.credentialConfigurationId}`,
        [{ path: 'walletInitiated', message: 'another active profile of this configuration is wallet-initiated' }],
      );
  }

  private async issuerConfig(issuerId: string): Promise<IssuerConfig> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
    return issuer.config;
  }

  private async validated(profile: ProfileBody, issuer: IssuerConfig): Promise<ProfileBody> {
    const errors = await validateProfile(
      profile,
      issuer,
      {
        key: (keyId) => this.catalog.key(keyId),
        resolveDid: (did) => this.catalog.resolveDid(did),
        certificate: (certificateId) => this.catalog.certificate(certificateId),
        outboundRefusal: (url) => this.fetcher.refusal(url),
      },
      '',
    );
    errors.push(...(await this.webhooks.validate(profile.notifications, 'notifications')));
    if (errors.length) throw AppError.validation(errors, 'The profile cannot issue credentials');
    return profile;
  }
}

/** Admin view of a profile; secrets (webhook bearer tokens) are masked. */
export function toProfileDto(record: ProfileRecord): ProfileDto {
  return {
    ...maskedProfileBody(record.body),
    profileId: record.profileId,
    issuerId: record.issuerId,
    version: record.version,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A stored profile body as admins see it: a copy with the webhook bearer token masked (`***`). */
export function maskedProfileBody(stored: ProfileRecord['body']): ProfileRecord['body'] {
  const body = structuredClone(stored);
  const webhook = (body.notifications as { webhook?: { bearerToken?: string } } | undefined)?.webhook;
  if (webhook?.bearerToken) webhook.bearerToken = '***';
  return body;
}
