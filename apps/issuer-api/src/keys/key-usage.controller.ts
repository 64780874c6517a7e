import { Controller, Get, Inject, Param, UsePipes } from '@nestjs/common';
import { DidKeyInUse, KeyGet, StatusSigners } from '@issuer/contracts';
import { AppError, BUS, LOGGER, type Bus, type Logger } from '@issuer/platform';
import { z } from 'zod';
import { inScope, type Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { ResourceOwnership } from '../access/ownership/resource-ownership.service';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { KeyUsageRepository, type IssuerKeyUse, type ProfileKeyUse } from './key-usage.repository';

const keyIdParam = z.string().uuid();

/** `GET /api/v1/keys/{keyId}/usage`: who uses a key, so that an administrator knows before disabling or deleting it. */
export interface KeyUsageDto {
  keyId: string;
  /** Whether a delete or a disable without `force` would be refused (409) for what is listed here. */
  inUse: boolean;
  issuers: IssuerKeyUse[];
  profiles: ProfileKeyUse[];
  /** DIDs bound to the key; null when did-registry could not answer. */
  dids: string[] | null;
  /** Live status lists the key signs (any issuer's); null when status-list could not answer. */
  statusLists: { count: number; uris: string[] } | null;
  /** Uses by issuers outside the caller's scope: counted, never named. */
  otherIssuers: number;
}

/**
 * Answers from issuer-api's own configurations (issuers, profiles), did-registry (DIDs on the key) and status-list
 * (lists it signs). The key is read from kms first, so an unknown key answers like `GET /keys/{keyId}` does.
 */
@Controller('api/v1/keys')
@UsePipes(new SafeInputPipe())
export class KeyUsageController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(KeyUsageRepository) private readonly usage: KeyUsageRepository,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':keyId/usage')
  async usageOf(@Param('keyId') keyId: string, @CurrentPrincipal() principal: Principal): Promise<KeyUsageDto> {
    if (!keyIdParam.safeParse(keyId).success) throw AppError.notFound(`key ${keyId}`);
    const key = await this.bus.request(KeyGet, { keyId });
    const [issuers, profiles, dids, statusLists] = await Promise.all([
      this.usage.issuers(key.keyId),
      this.usage.profiles(key.keyId),
      this.dids(key.keyId, principal),
      this.statusLists(key.keyId),
    ]);
    const visible = <T extends { issuerId: string }>(items: T[]) => items.filter((item) => inScope(principal, item.issuerId));
    const hidden = new Set([...issuers, ...profiles].filter((item) => !inScope(principal, item.issuerId)).map((item) => item.issuerId));
    const inUse =
      issuers.length > 0 || profiles.some((p) => p.status === 'ACTIVE') || (dids?.bound ?? 0) > 0 || (statusLists?.count ?? 0) > 0;
    return {
      keyId: key.keyId,
      inUse,
      issuers: visible(issuers),
      profiles: visible(profiles),
      dids: dids?.visible ?? null,
      statusLists,
      otherIssuers: hidden.size,
    };
  }

  /** How many DIDs are bound to the key, and those the caller may see (another issuer's DID stays unnamed). */
  private async dids(keyId: string, principal: Principal): Promise<{ bound: number; visible: string[] } | null> {
    try {
      const { dids } = await this.bus.request(DidKeyInUse, { keyId });
      const visible = await this.ownership.visible(
        'did',
        dids.map((did) => ({ did })),
        (item) => item.did,
        principal,
      );
      return { bound: dids.length, visible: visible.map((item) => item.did) };
    } catch (error) {
      this.logger.warn({ err: error, keyId }, 'DIDs of a key unavailable for its usage');
      return null;
    }
  }

  private async statusLists(keyId: string): Promise<{ count: number; uris: string[] } | null> {
    try {
      const [signer] = (await this.bus.request(StatusSigners, { keyId })).signers;
      return { count: signer?.listCount ?? 0, uris: signer?.uris ?? [] };
    } catch (error) {
      this.logger.warn({ err: error, keyId }, 'status lists of a key unavailable for its usage');
      return null;
    }
  }
}
