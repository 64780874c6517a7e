import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { permissionFor } from '../access/admin-permissions';
import { principalOf } from '../access/request-principal';
import { createdIdOf } from './audit-record';
import { outcomeOfError } from './audit-outcome';
import { AuditTrail, type AuditedChange } from './audit-trail';
import type { PendingAudit } from './pending-audit';
import { setPendingAudit } from './request-audit';

/**
 * The one place every admin change is recorded (registered globally, after the access guard): for each non-GET route
 * of the permission table it takes the record's draft before the handler, hands it to the handler (`@CurrentAudit()`,
 * request-audit.ts) for the repository that joins it to its transaction (pending-audit.ts), and writes the outcome
 * before the answer leaves — `success` with the created resource's id, or `failure`. Refusals never get here: the guard records them.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(@Inject(AuditTrail) private readonly trail: AuditTrail) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url;
    // Reads, wallet endpoints and public documents are not admin changes; routes outside the table never pass the guard.
    if (request.method === 'GET' || request.method === 'HEAD' || !route?.startsWith('/api/') || !permissionFor(request.method, route))
      return next.handle();
    const change = await this.trail.begin(request, principalOf(request));
    if (!change) return next.handle();
    const pending: PendingAudit = { draft: change.draft, open: true };
    // Before next.handle(): Nest resolves the handler's parameters (@CurrentAudit() among them) when it calls it.
    setPendingAudit(request, pending);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        pending.open = false;
        await this.trail.finish(change, 'success', createdIdOf(change.route, body), pending.recorded === true);
        return body;
      }),
      catchError((error: unknown) => {
        pending.open = false;
        return from(this.failed(change, error)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  private async failed(change: AuditedChange, error: unknown): Promise<void> {
    const outcome = outcomeOfError(error, 'handler');
    if (outcome) await this.trail.finish(change, outcome);
  }
}
