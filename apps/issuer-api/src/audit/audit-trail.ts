import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuditOutcome } from '@issuer/contracts';
import { LOGGER, type Logger } from '@issuer/platform';
import { permissionFor, type Permission } from '../access/admin-permissions';
import { ResourceOwnerRepository } from '../access/ownership/resource-owner.repository';
import type { Principal } from '../access/principal';
import { auditDraft, auditIssuerOf, auditRecord, type AuditDraft } from './audit-record';
import { AuditEventsRelay } from './audit-events.relay';
import { outcomeOfError } from './audit-outcome';
import { AuditRepository } from './audit.repository';
import { auditedRouteOf, type AuditedRoute } from './audited-routes';

/** An admin change in progress: its route's audit entry and the record so far. */
export interface AuditedChange {
  route: AuditedRoute;
  draft: AuditDraft;
}

/**
 * Writes the audit records of admin changes (API.md §13) for the access guard (refusals) and the audit interceptor
 * (outcomes). A record that cannot be written is logged in full (it holds no secret) and never changes the answer: the
 * change it describes has happened, or has been refused, either way.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AuditRepository) private readonly repository: AuditRepository,
    @Inject(ResourceOwnerRepository) private readonly owners: ResourceOwnerRepository,
    @Inject(AuditEventsRelay) private readonly relay: AuditEventsRelay,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The change an authenticated admin request makes; undefined for reads and for paths outside the admin API. Taken
   * before the handler runs: the owner of a key it deletes is only known until then.
   */
  async begin(request: FastifyRequest, principal: Principal): Promise<AuditedChange | undefined> {
    const routeUrl = request.routeOptions.url;
    if (routeUrl === undefined || !routeUrl.startsWith('/api/')) return undefined;
    const route = auditedRouteOf(request.method, routeUrl);
    if (!route) return undefined;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const permission = permissionFor(request.method, routeUrl);
    const issuer = permission ? auditIssuerOf(permission, params, request.body) : {};
    const issuerId = issuer.owned ? ((await this.owners.find(issuer.owned.kind, issuer.owned.id))?.issuerId ?? undefined) : issuer.issuerId;
    return { route, draft: auditDraft({ route, principal, params, requestId: request.id, address: request.ip, issuerId }) };
  }

  /**
   * Records the outcome of a change after the fact (a no-op when the change's own transaction recorded it; with
   * `recorded` the caller knows it did, and no statement is made).
   */
  async finish(change: AuditedChange, outcome: AuditOutcome, createdId?: string, recorded = false): Promise<void> {
    if (recorded) {
      this.relay.kick();
      return;
    }
    const record = auditRecord(change.draft, outcome, createdId);
    try {
      await this.repository.append(record);
      this.relay.kick();
    } catch (error) {
      this.logger.error({ err: error, audit: record }, 'the audit record of an admin change could not be written');
    }
  }

  /** A change the access guard refused to an authenticated principal: `denied`, or `failure` (e.g. a malformed issuerId). */
  async refused(request: FastifyRequest, principal: Principal, permission: Permission, error: unknown): Promise<void> {
    const outcome = outcomeOfError(error, 'authorization', permission);
    if (!outcome) return;
    try {
      const change = await this.begin(request, principal);
      if (change) await this.finish(change, outcome);
    } catch (failure) {
      this.logger.error({ err: failure, requestId: request.id }, 'the audit record of a refused admin change could not be written');
    }
  }
}
