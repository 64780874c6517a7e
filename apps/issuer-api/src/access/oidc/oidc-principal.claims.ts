import { AppError } from '@issuer/platform';
import { issuerIdSchema } from '../../issuers/issuer-config.schema';
import type { Principal } from '../principal';
import { ROLES, type Role } from '../role';
import type { AdminOidcSettings } from './admin-oidc.settings';

/** OpenID Connect Core §2 allows `sub` up to 255 ASCII characters; it becomes the principal's id in logs and audit. */
const MAX_SUB_LENGTH = 255;

/**
 * The value at a dot path of the claims (`['realm_access', 'roles']` → `claims.realm_access.roles`), undefined when a
 * step is missing. Own members only, so a path like `constructor.name` finds nothing.
 */
export function claimAt(claims: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const name of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** A claim holding a list of strings, or one string (a single-valued user attribute mapper in Keycloak). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The platform roles a claim names. Identity providers put many other roles in the same claim (Keycloak's
 * `default-roles-<realm>`, `offline_access`, other applications' roles): those are ignored, not refused.
 */
export function rolesIn(value: unknown): Role[] {
  const named = new Set(strings(value));
  return ROLES.filter((role) => named.has(role));
}

/** The issuer scope a claim gives: `"*"` (alone or listed) is every issuer; otherwise the well-formed issuer ids. */
export function issuersIn(value: unknown): string[] | '*' {
  const listed = strings(value);
  if (listed.includes('*')) return '*';
  return [...new Set(listed.filter((id) => issuerIdSchema.safeParse(id).success))];
}

/**
 * The principal of a verified access token: `id` is its `sub` (never the token), roles and issuers from the configured
 * claims, `expiresAt` its `exp`. `platform-admin` holds on every issuer (as for API keys, API.md §13), whatever the
 * issuers claim says. A token naming none of the platform roles identifies someone who may do nothing here: 403
 * saying which claim was read, rather than a 401 that would send the caller after a new token.
 */
export function oidcPrincipal(claims: Record<string, unknown>, settings: AdminOidcSettings): Principal {
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH)
    throw new AppError('UNAUTHORIZED', 'The access token is not valid: its sub is missing or longer than 255 characters');
  const roles = rolesIn(claimAt(claims, settings.rolesClaim));
  if (!roles.length)
    throw new AppError(
      'FORBIDDEN',
      `The access token names none of the platform roles (${ROLES.join(', ')}) in its ${settings.rolesClaim.join('.')} claim`,
    );
  const issuers = roles.includes('platform-admin') ? '*' : issuersIn(claimAt(claims, settings.issuersClaim));
  const exp = claims['exp'];
  return { type: 'oidc', id: sub, roles, issuers, ...(typeof exp === 'number' ? { expiresAt: new Date(exp * 1000) } : {}) };
}
