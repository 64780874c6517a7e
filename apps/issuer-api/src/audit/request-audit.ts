import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PendingAudit } from './pending-audit';

/** Set by AuditInterceptor before the handler runs; kept off the request object so no input can forge or replace it. */
const pendingAudits = new WeakMap<FastifyRequest, PendingAudit>();

export function setPendingAudit(request: FastifyRequest, audit: PendingAudit): void {
  pendingAudits.set(request, audit);
}

/** The record of the admin change the request is making; undefined for reads and for requests outside the audit. */
export function pendingAuditOf(request: FastifyRequest): PendingAudit | undefined {
  return pendingAudits.get(request);
}

/**
 * Handler parameter: the request's pending audit record, for the repository that makes the change to append it to its
 * transaction (pending-audit.ts). A handler that does not pass it on still gets its record, written after the fact.
 */
export const CurrentAudit = createParamDecorator((_data: unknown, context: ExecutionContext): PendingAudit | undefined =>
  pendingAuditOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
