/** The admin roles of API.md §13 and what each includes; mirrors issuer-api's role table (access/role.ts). */
export const ROLES = ['platform-admin', 'issuer-admin', 'offer-manager', 'status-manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const IMPLIES: Record<Role, readonly Role[]> = {
  'platform-admin': ROLES,
  'issuer-admin': ['issuer-admin', 'offer-manager', 'status-manager', 'viewer'],
  'offer-manager': ['offer-manager', 'viewer'],
  'status-manager': ['status-manager', 'viewer'],
  viewer: ['viewer'],
};

/** `GET /api/v1/me`: who is signed in. */
export interface Principal {
  type: 'admin-key' | 'api-key' | 'oidc';
  id: string;
  roles: Role[];
  issuers: string[] | '*';
  expiresAt?: string;
}

/**
 * Whether the principal holds `role` on `issuerId` (or on some issuer when none is named). The console hides what
 * this refuses; the API still decides, and its 403 is shown where it happens.
 */
export function can(principal: Principal | undefined, role: Role, issuerId?: string): boolean {
  if (!principal) return false;
  const held = principal.roles.some((r) => IMPLIES[r]?.includes(role));
  if (!held) return false;
  if (role === 'platform-admin') return true;
  if (issuerId === undefined || principal.issuers === '*') return true;
  return principal.issuers.includes(issuerId);
}

/** Platform-owned resources (keys, DIDs, certificates without issuerId) and deployment settings need every issuer. */
export function canOnPlatform(principal: Principal | undefined, role: Role): boolean {
  return can(principal, role) && principal?.issuers === '*';
}
