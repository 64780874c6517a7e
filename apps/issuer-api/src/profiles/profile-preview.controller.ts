import { Body, Controller, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { CredentialDataBuilder } from '../wallet/credential-data.builder';
import { previewProfile, previewRequestSchema, type PreviewRequest, type ProfilePreview } from './profile-preview';

/**
 * `POST /api/v1/issuers/{issuerId}/profiles/{profileId}/preview`: what the credential data of this profile becomes
 * (issue 16, the console's data functions preview). Issues nothing, stores nothing, calls no webhook; allowed to whoever
 * may create offers on the issuer, since it shows what an offer's credential would carry.
 */
@Controller('api/v1/issuers/:issuerId/profiles/:profileId/preview')
@UsePipes(new SafeInputPipe())
export class ProfilePreviewController {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(CredentialDataBuilder) private readonly builder: CredentialDataBuilder,
  ) {}

  @Post()
  @HttpCode(200)
  async preview(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Body(new SchemaPipe(previewRequestSchema.optional())) body: PreviewRequest | undefined,
  ): Promise<ProfilePreview> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
    // The current version, read fresh (not the offer cache): a preview right after an edit shows the edit.
    const profile = await this.catalog.profiles.find(issuerId, profileId);
    if (!profile) throw AppError.notFound(`profile ${profileId}`);
    const configuration = issuer.config.credentialConfigurations[profile.body.credentialConfigurationId] ?? {};
    return previewProfile(this.builder, profile, configuration, body ?? {}, new Date());
  }
}
