import { permissionFor } from '../access/admin-permissions';
import type { RequiredRoleOf } from './openapi.document';

/** `x-required-role` straight from the permission table AccessGuard enforces (access/admin-permissions.ts). */
export const requiredRoleOf: RequiredRoleOf = (routeKey) => {
  const [method, route] = routeKey.split(' ') as [string, string];
  return permissionFor(method, route)?.role;
};
