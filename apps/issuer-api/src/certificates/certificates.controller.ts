import { Body, Controller, Get, Inject, Param, Post, UseGuards, UsePipes } from '@nestjs/common';
import {
  CertificateCreate,
  CertificateGet,
  CertificateImport,
  certificateCreateRequestSchema,
  certificateImportRequestSchema,
  type CertificateDto,
} from '@issuer/contracts';
import { AppError, BUS, parseOrThrow, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { SafeInputPipe } from '../common/safe-input.pipe';

const certificateIdParam = z.string().uuid();

/** Admin `/api/v1/certificates` (API.md §2): forwarded to kms, which signs certificates with keys that never leave it. */
@Controller('api/v1/certificates')
@UsePipes(new SafeInputPipe())
@UseGuards(AdminAuthGuard)
export class CertificatesController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Post()
  create(@Body() body: unknown): Promise<CertificateDto> {
    return this.bus.request(CertificateCreate, parseOrThrow(certificateCreateRequestSchema, body), { timeoutMs: 30_000 });
  }

  @Post('import')
  import(@Body() body: unknown): Promise<CertificateDto> {
    return this.bus.request(CertificateImport, parseOrThrow(certificateImportRequestSchema, body));
  }

  @Get(':certificateId')
  get(@Param('certificateId') certificateId: string): Promise<CertificateDto> {
    const parsed = certificateIdParam.safeParse(certificateId);
    if (!parsed.success) throw AppError.notFound(`certificate ${certificateId}`);
    return this.bus.request(CertificateGet, { certificateId: parsed.data });
  }
}
