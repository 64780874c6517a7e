import { Body, Controller, Get, Inject, Param, Post, UsePipes } from '@nestjs/common';
import {
  CertificateCreate,
  CertificateGet,
  CertificateImport,
  certificateCreateRequestSchema,
  certificateImportRequestSchema,
  type CertificateCreateRequest,
  type CertificateDto,
  type CertificateImportRequest,
} from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';

const certificateIdParam = z.string().uuid();

/** Admin `/api/v1/certificates` (API.md §2): forwarded to kms, which signs certificates with keys that never leave it. */
@Controller('api/v1/certificates')
@UsePipes(new SafeInputPipe())
export class CertificatesController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Post()
  create(@Body(new SchemaPipe(certificateCreateRequestSchema)) body: CertificateCreateRequest): Promise<CertificateDto> {
    return this.bus.request(CertificateCreate, body, { timeoutMs: 30_000 });
  }

  @Post('import')
  import(@Body(new SchemaPipe(certificateImportRequestSchema)) body: CertificateImportRequest): Promise<CertificateDto> {
    return this.bus.request(CertificateImport, body);
  }

  @Get(':certificateId')
  get(@Param('certificateId') certificateId: string): Promise<CertificateDto> {
    const parsed = certificateIdParam.safeParse(certificateId);
    if (!parsed.success) throw AppError.notFound(`certificate ${certificateId}`);
    return this.bus.request(CertificateGet, { certificateId: parsed.data });
  }
}
