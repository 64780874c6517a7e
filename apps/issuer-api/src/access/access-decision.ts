import { AppError } from '@issuer/platform';
import { issuerIdSchema } from '../issuers/issuer-config.schema';
import type { OwnedKind, Permission } from './admin-permissions';
import { inScope, isPlatformAdmin, type Principal } from './principal';
import { grants, type Role } from './role';

/** What a decision looks up: whether an issuer exists, and who owns a key, DID or certificate (null: the platform). */
export interface AccessLookups {
  issuerExists(issuerId: string): Promise<boolean>;
  ownerOf(kind: OwnedKind, id: string): Promise<string | null>;
}

/** The parts of a request a decision reads. */
export interface AccessRequest {
  method: string;
  params: Record<string, string | undefined>;
  body: unknown;
}

/** The words the routes use in their own 404s, so that a refusal reads exactly like a missing resource. */
const NOUN: Record<OwnedKind, string> = { key: 'key', did: 'DID', certificate: 'certificate' };

export function forbidden(role: Role, issuerId?: string): AppError {
  return new AppError('FORBIDDEN', issuerId === undefined ? `requires ${role}` : `requires ${role} on ${issuerId}`);
}

/**
 * Enforces one permission-table entry for an authenticated principal; returns when allowed, throws the refusal.
 * What a principal cannot see reads as missing: a read of an issuer outside its scope gets the route's 404 for an
 * unknown issuer, and a key, DID or certificate of another issuer (or of the platform, for a scoped principal) the
 * route's 404 for an unknown one — existence is only checked once the scope holds, so nothing leaks. Other refusals
 * are 403 naming the role and the issuer it is needed on.
 */
export async function authorize(
  principal: Principal,
  permission: Permission,
  request: AccessRequest,
  lookups: AccessLookups,
): Promise<void> {
  const { role } = permission;
  switch (permission.scope) {
    case 'platform':
      if (!isPlatformAdmin(principal)) throw forbidden('platform-admin');
      return;
    case 'any':
      if (!grants(principal.roles, role)) throw forbidden(role);
      return;
    case 'issuer': {
      const issuerId = request.params[permission.issuerParam] ?? '';
      const read = request.method === 'GET' || request.method === 'HEAD';
      if (!inScope(principal, issuerId)) throw read ? AppError.notFound(`issuer ${issuerId}`) : forbidden(role, issuerId);
      if (!(await lookups.issuerExists(issuerId))) throw AppError.notFound(`issuer ${issuerId}`);
      if (!grants(principal.roles, role)) throw forbidden(role, issuerId);
      return;
    }
    case 'new-issuer': {
      const issuerId = bodyIssuer(request.body, permission.issuerField, true)!;
      if (!inScope(principal, issuerId) || !grants(principal.roles, role)) throw forbidden(role, issuerId);
      return;
    }
    case 'issuer-or-platform': {
      const issuerId = bodyIssuer(request.body, permission.issuerField, false);
      if (issuerId === undefined) {
        if (!isPlatformAdmin(principal))
          throw new AppError('FORBIDDEN', `requires platform-admin (without ${permission.issuerField} it belongs to the platform)`);
        return;
      }
      if (!inScope(principal, issuerId) || !grants(principal.roles, role)) throw forbidden(role, issuerId);
      if (!(await lookups.issuerExists(issuerId)))
        throw AppError.validation([{ path: permission.issuerField, message: `issuer ${issuerId} does not exist` }]);
      return;
    }
    case 'owned': {
      const id = request.params[permission.param] ?? '';
      const owner = await lookups.ownerOf(permission.resource, id);
      const missing = () => AppError.notFound(`${NOUN[permission.resource]} ${id}`);
      if (owner !== null) {
        if (!inScope(principal, owner)) throw missing();
        if (!grants(principal.roles, role)) throw forbidden(role, owner);
        return;
      }
      // The platform's resources (and unknown ones): only principals of every issuer see them, and only
      // platform-admin uses them (API.md §13).
      if (principal.issuers !== '*') throw missing();
      const needed: Role = role === 'viewer' ? 'viewer' : 'platform-admin';
      if (!grants(principal.roles, needed)) throw forbidden(needed);
      return;
    }
  }
}

/** The issuer named in the body; undefined when absent and optional. A malformed one is a 400 naming the field. */
function bodyIssuer(body: unknown, field: string, required: boolean): string | undefined {
  const value = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
  if (value === undefined && !required) return undefined;
  const parsed = issuerIdSchema.safeParse(value);
  if (!parsed.success)
    throw AppError.validation([{ path: field, message: value === undefined ? 'is required' : parsed.error.issues[0]!.message }]);
  return parsed.data;
}
