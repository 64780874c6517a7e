import { UseInterceptors, type Type } from '@nestjs/common';
import { servesAdminApi } from '../access/declared-routes';
import { AuditInterceptor } from './audit.interceptor';

/**
 * Puts the AuditInterceptor on every controller that serves an admin route (under /api/) and on no other. Not a
 * global interceptor: a global one would wrap wallet and public routes too, each request paying for an interceptor
 * chain (rxjs, async resources) that never records anything there. The interceptor itself still decides per route
 * which requests are changes (audit.interceptor.ts); audited-controllers.spec.ts checks every admin change is covered.
 */
export function auditAdminControllers(controllers: Type[]): Type[] {
  for (const controller of controllers) if (servesAdminApi(controller)) UseInterceptors(AuditInterceptor)(controller);
  return controllers;
}
