import { Controller, Get, Inject, Query, UsePipes } from '@nestjs/common';
import { CertificateList, type CertificateListResponse, type CertificateSummary } from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';
import { z } from 'zod';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { ResourceOwnership, type Owned } from '../access/ownership/resource-ownership.service';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';

const listQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().uuid().optional() })
  .strict();

/**
 * `GET /api/v1/certificates`: kms's certificates page by page, filtered to the caller's scope by their owners in
 * issuer_api.resource_owners (as `GET /api/v1/keys`): a page may hold fewer than `limit`; follow `nextCursor`.
 * Items leave out `pem` and `chain`; `GET /api/v1/certificates/{certificateId}` has them.
 */
@Controller('api/v1/certificates')
@UsePipes(new SafeInputPipe())
export class CertificateListController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  @Get()
  async list(
    @Query(new SchemaPipe(listQuerySchema)) query: z.infer<typeof listQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Omit<CertificateListResponse, 'items'> & { items: Owned<CertificateSummary>[] }> {
    const page = await this.bus.request(CertificateList, query);
    return { ...page, items: await this.ownership.visible('certificate', page.items, (c) => c.certificateId, principal) };
  }
}
