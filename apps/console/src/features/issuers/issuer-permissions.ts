import { can, type Principal } from '../../auth/roles';

/**
 * The ids the principal may create an issuer under (admin-permissions.ts: `POST /api/v1/issuers` needs
 * issuer-admin on the body's `id`): `'*'` for any id, else the ids of its scope that are not taken yet.
 */
export function creatableIssuerIds(principal: Principal | undefined, existing: readonly string[]): '*' | string[] {
  if (!principal || !can(principal, 'issuer-admin')) return [];
  if (principal.issuers === '*') return '*';
  return principal.issuers.filter((id) => !existing.includes(id));
}

export function mayCreateIssuer(principal: Principal | undefined, existing: readonly string[]): boolean {
  const ids = creatableIssuerIds(principal, existing);
  return ids === '*' || ids.length > 0;
}

/** Editing, deleting, rotating the webhook secret and managing login users all need issuer-admin on the issuer. */
export const mayAdminister = (principal: Principal | undefined, issuerId: string) => can(principal, 'issuer-admin', issuerId);
