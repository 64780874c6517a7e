import { Body, Controller, Get, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { CertificateCreate, CertificateGet, CertificateImport, type CertificateDto } from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { certificateCreateBodySchema, certificateImportBodySchema, splitOwner } from '../access/ownership/owned-bodies';
import type { ResourceRef } from '../access/ownership/ownership.rules';
import { ResourceOwnership, withOwner, type Owned } from '../access/ownership/resource-ownership.service';

const certificateIdParam = z.string().uuid();

/** A certificate as the admin API shows it: with its owner's `issuerId` (API.md §13; absent: the platform). */
type OwnedCertificateDto = Owned<CertificateDto>;

/** Admin `/api/v1/certificates` (API.md §2): forwarded to kms, which signs certificates with keys that never leave it. */
@Controller('api/v1/certificates')
@UsePipes(new SafeInputPipe())
export class CertificatesController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  /** Certifies a key of the owner (and, for a document signer, under an IACA of the owner). */
  @Post()
  async create(
    @Body(new SchemaPipe(certificateCreateBodySchema)) body: z.infer<typeof certificateCreateBodySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OwnedCertificateDto> {
    const { issuerId, request } = splitOwner(body);
    const refs: ResourceRef[] = [{ kind: 'key', id: request.keyId, path: 'keyId' }];
    if (request.issuerCertificateId) refs.push({ kind: 'certificate', id: request.issuerCertificateId, path: 'issuerCertificateId' });
    await this.ownership.requireUsable(refs, issuerId, principal);
    return this.owned(await this.bus.request(CertificateCreate, request, { timeoutMs: 30_000 }), issuerId);
  }

  @Post('import')
  async import(
    @Body(new SchemaPipe(certificateImportBodySchema)) body: z.infer<typeof certificateImportBodySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OwnedCertificateDto> {
    const { issuerId, request } = splitOwner(body);
    if (request.keyId) await this.ownership.requireUsable([{ kind: 'key', id: request.keyId, path: 'keyId' }], issuerId, principal);
    return this.owned(await this.bus.request(CertificateImport, request), issuerId);
  }

  @Get(':certificateId')
  async get(@Param('certificateId') certificateId: string): Promise<OwnedCertificateDto> {
    const parsed = certificateIdParam.safeParse(certificateId);
    if (!parsed.success) throw AppError.notFound(`certificate ${certificateId}`);
    const certificate = await this.bus.request(CertificateGet, { certificateId: parsed.data });
    return withOwner(certificate, await this.ownership.ownerOf('certificate', certificate.certificateId));
  }

  /** Records the owner of a new certificate; if that fails it stays the platform's (only platform-admin uses it). */
  private async owned(certificate: CertificateDto, issuerId: string | null): Promise<OwnedCertificateDto> {
    await this.ownership.record('certificate', certificate.certificateId, issuerId);
    return withOwner(certificate, issuerId);
  }
}
