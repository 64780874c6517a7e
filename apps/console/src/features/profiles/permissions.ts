import { can, type Principal } from '../../auth/roles';

/** Creating, editing and deactivating profiles need issuer-admin on the issuer (admin-permissions.ts). */
export const mayEditProfiles = (principal: Principal | undefined, issuerId: string) => can(principal, 'issuer-admin', issuerId);

/** Creating offers, and the data functions preview that shows what an offer's credential carries: offer-manager. */
export const mayOffer = (principal: Principal | undefined, issuerId: string) => can(principal, 'offer-manager', issuerId);
