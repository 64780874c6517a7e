import { Controller, Get, Inject, Param, UsePipes } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { maskedProfileBody } from './profiles.controller';
import type { ProfileDto } from './profile.schema';

/** At most this many versions are listed (newest first); older ones stay readable one by one. */
export const VERSION_LIST_LIMIT = 1000;

export interface ProfileVersionSummaryDto {
  version: number;
  name: string;
  credentialConfigurationId: string;
  createdAt: string;
  /** The version the profile serves now (new offers are made from it). */
  current: boolean;
}

/** One stored version: the profile body as it was written, secrets masked. */
export type ProfileVersionDto = Omit<ProfileDto, 'status' | 'updatedAt'> & { current: boolean };

/**
 * The versions of a profile (API.md §5: every PUT stores a new one and offers keep theirs): what an admin needs to see
 * what an open offer was made from, and what changed. Read-only: versions are never edited or deleted on their own.
 */
@Controller('api/v1/issuers/:issuerId/profiles/:profileId/versions')
@UsePipes(new SafeInputPipe())
export class ProfileVersionsController {
  constructor(@Inject(IssuerCatalog) private readonly catalog: IssuerCatalog) {}

  @Get()
  async list(@Param('issuerId') issuerId: string, @Param('profileId') profileId: string): Promise<{ items: ProfileVersionSummaryDto[] }> {
    const current = await this.profile(issuerId, profileId);
    const versions = await this.catalog.profiles.listVersions(issuerId, profileId, VERSION_LIST_LIMIT);
    return {
      items: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), current: v.version === current.version })),
    };
  }

  @Get(':version')
  async get(
    @Param('issuerId') issuerId: string,
    @Param('profileId') profileId: string,
    @Param('version') version: string,
  ): Promise<ProfileVersionDto> {
    const current = await this.profile(issuerId, profileId);
    // A path segment that is no version number names no version: the same 404 as a number never written.
    const number = /^[1-9][0-9]{0,8}$/.test(version) ? Number(version) : undefined;
    const record = number === undefined ? undefined : await this.catalog.profiles.findVersion(issuerId, profileId, number);
    if (!record) throw AppError.notFound(`version ${version} of profile ${profileId}`);
    return {
      ...maskedProfileBody(record.body),
      profileId,
      issuerId,
      version: record.version,
      createdAt: record.createdAt.toISOString(),
      current: record.version === current.version,
    };
  }

  private async profile(issuerId: string, profileId: string) {
    const record = await this.catalog.profiles.find(issuerId, profileId);
    if (!record) throw AppError.notFound(`profile ${profileId}`);
    return record;
  }
}
