import { Controller, Get, Inject, Query, UsePipes } from '@nestjs/common';
import { z } from 'zod';
import type { AuditRecord } from '@issuer/contracts';
import { isPlatformAdmin, type Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { AuditRepository, type AuditVisibility } from './audit.repository';

export const auditQuerySchema = z
  .object({
    issuerId: z.string().min(1).max(64).optional(),
    /** An actor id: API key id, token `sub`, or the fingerprint of a bootstrap key. */
    actor: z.string().min(1).max(256).optional(),
    since: z.string().datetime({ offset: true }).optional(),
    cursor: z
      .string()
      // Up to 18 digits: always within PostgreSQL's bigint.
      .regex(/^[1-9]\d{0,17}$/, 'must be the nextCursor of a previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/**
 * `GET /api/v1/audit` (API.md §13): `platform-admin` reads every record; an `issuer-admin` only those of its issuers,
 * never the deployment-wide ones (API keys, retention, platform keys). An issuer out of scope filters to nothing, like
 * one that does not exist.
 */
@Controller('api/v1/audit')
@UsePipes(new SafeInputPipe())
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly records: AuditRepository) {}

  @Get()
  list(
    @Query(new SchemaPipe(auditQuerySchema)) query: z.infer<typeof auditQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: AuditRecord[]; nextCursor?: string }> {
    const visibility: AuditVisibility = isPlatformAdmin(principal) ? 'all' : { issuers: principal.issuers };
    return this.records.list(query, visibility);
  }
}
