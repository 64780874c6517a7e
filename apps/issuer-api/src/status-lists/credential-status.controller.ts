import { Body, Controller, Inject, Param, Put, Req, UsePipes } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StatusEntriesUpdate } from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import type { z } from 'zod';
import { markAuditRecorded, pendingSuccessRecord, type PendingAudit } from '../audit/pending-audit';
import { CurrentAudit } from '../audit/request-audit';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuedCredentialRecord } from '../sessions/session.types';
import { CredentialStatusRepository } from './credential-status.repository';
import { statusBodySchema } from './credential-status.rules';

type StatusBody = z.infer<typeof statusBodySchema>;

/**
 * Revoke, suspend and reinstate (API.md §7): the status-list service changes the entries (all or nothing;
 * REVOKED is final → 409), then the sessions record the new values with a `credential_status_changed`
 * event each. Answers the updated credentials with their `status`.
 */
@Controller('api/v1/issuers/:issuerId')
@UsePipes(new SafeInputPipe())
export class CredentialStatusController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(CredentialStatusRepository) private readonly credentials: CredentialStatusRepository,
  ) {}

  @Put('sessions/:sessionId/status')
  async session(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Body(new SchemaPipe(statusBodySchema)) { status }: StatusBody,
    @Req() request: FastifyRequest,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<{ credentials: IssuedCredentialRecord[] }> {
    return this.change(issuerId, { sessionId }, status, request.id, audit);
  }

  @Put('credentials/:credentialId/status')
  async credential(
    @Param('issuerId') issuerId: string,
    @Param('credentialId') credentialId: string,
    @Body(new SchemaPipe(statusBodySchema)) { status }: StatusBody,
    @Req() request: FastifyRequest,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<{ credentials: IssuedCredentialRecord[] }> {
    return this.change(issuerId, { credentialId }, status, request.id, audit);
  }

  private async change(
    issuerId: string,
    target: { sessionId: string } | { credentialId: string },
    status: StatusBody['status'],
    requestId: string,
    audit: PendingAudit | undefined,
  ): Promise<{ credentials: IssuedCredentialRecord[] }> {
    if (!(await this.catalog.issuer(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
    const id = 'sessionId' in target ? target.sessionId : target.credentialId;
    if (id.length > 128) throw AppError.notFound('sessionId' in target ? `session ${id}` : `credential ${id}`);
    const confirmed = await this.bus.request(StatusEntriesUpdate, { issuerId, ...target, status });
    // The change is confirmed: its audit record goes in with the mirror's statement.
    const recorded = await this.credentials.record(issuerId, confirmed.entries, requestId, pendingSuccessRecord(audit));
    markAuditRecorded(audit);
    // A purged session keeps its status entries; answer with what the status service confirmed.
    const byId = new Map(recorded.map((c) => [c.credentialId, c]));
    return {
      credentials: confirmed.entries.map(
        (entry) => byId.get(entry.credentialId) ?? ({ credentialId: entry.credentialId, status: entry.status } as IssuedCredentialRecord),
      ),
    };
  }
}
