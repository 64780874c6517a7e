import { grants, type Role } from './role';

/** How a principal proved who it is: a bootstrap key of ADMIN_API_KEYS, an API key, or an OIDC access token. */
export type PrincipalType = 'admin-key' | 'api-key' | 'oidc';

/**
 * Who makes an admin request. `roles` hold on every issuer of `issuers`; `'*'` is every issuer, present and future,
 * and also the platform's own resources. `id` is safe to log and to show: never a secret.
 */
export interface Principal {
  type: PrincipalType;
  id: string;
  roles: Role[];
  issuers: string[] | '*';
  /** When the credential stops working (an API key's expiry, a token's `exp`); open event streams end then. */
  expiresAt?: Date;
}

/** Whether `issuerId` is among the principal's issuers. */
export function inScope(principal: Principal, issuerId: string): boolean {
  return principal.issuers === '*' || principal.issuers.includes(issuerId);
}

/** Whether the principal may read what belongs to `owner` (an issuer, or null: the platform) — used by listings. */
export function sees(principal: Principal, owner: string | null): boolean {
  return owner === null ? principal.issuers === '*' : inScope(principal, owner);
}

export function isPlatformAdmin(principal: Principal): boolean {
  return grants(principal.roles, 'platform-admin');
}

/** `<type>:<id>`: names a principal across replicas (stream tokens, revocation broadcasts). */
export function principalKey(principal: Pick<Principal, 'type' | 'id'>): string {
  return `${principal.type}:${principal.id}`;
}
