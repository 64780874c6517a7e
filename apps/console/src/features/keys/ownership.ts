import { can, canOnPlatform, type Principal } from '../../auth/roles';

/** The owner select's value for the platform (no `issuerId` in the body). */
export const PLATFORM = '';

/** Who a new key, DID or certificate may belong to (API.md §13): the platform for platform-admin, else issuers it administers. */
export function ownerOptions(principal: Principal | undefined, issuerIds: string[]): { value: string; label: string }[] {
  return [
    ...(canOnPlatform(principal, 'platform-admin') ? [{ value: PLATFORM, label: 'Platform (platform-admin only)' }] : []),
    ...issuerIds.filter((id) => can(principal, 'issuer-admin', id)).map((id) => ({ value: id, label: `Issuer ${id}` })),
  ];
}

/** Whether the principal may disable, enable or delete a resource of `owner` (absent: the platform's). */
export function mayManage(principal: Principal | undefined, owner: string | undefined): boolean {
  return owner === undefined ? canOnPlatform(principal, 'platform-admin') : can(principal, 'issuer-admin', owner);
}

/** The body's `issuerId`, left out for the platform. */
export const ownerField = (owner: string) => (owner === PLATFORM ? {} : { issuerId: owner });

/** Keys a resource of `owner` may name: the owner's own, and the platform's for platform-admin (the API's rule). */
export function usableBy<T extends { issuerId?: string }>(items: T[], owner: string, principal: Principal | undefined): T[] {
  const platformToo = canOnPlatform(principal, 'platform-admin');
  return items.filter((item) => (item.issuerId ?? PLATFORM) === owner || (platformToo && item.issuerId === undefined));
}
