import { validateClaimsMapping } from '@issuer/credentials';
import type { FieldError } from '@issuer/platform';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import type { ProfileBody } from '../../profiles/profile.schema';
import { authorizationConfigOf } from '../authorization-config';

/**
 * Whether the subjects of a profile log in at the issuer's external authorization server (API.md §11): the issuer
 * has one and the profile names no login method of its own. Such a profile may be `walletInitiated` and have an
 * `idTokenClaimsMapping` without `authentication`: the AS's access token brings the login claims.
 */
export function logsInAtExternalAs(profile: Omit<ProfileBody, 'id'>, issuer: IssuerConfig): boolean {
  return !profile.authentication && authorizationConfigOf(issuer).externalAuthorizationServer !== undefined;
}

/** Such a profile's mapping writes only to members that exist in `credentialData` (400 at profile or offer creation). */
export function checkExternalAsProfile(profile: Omit<ProfileBody, 'id'>, at: (field: string) => string): FieldError[] {
  if (profile.idTokenClaimsMapping === undefined) return [];
  return validateClaimsMapping(profile.idTokenClaimsMapping, profile.credentialData ?? {}).map((issue) => ({
    path: `${at('idTokenClaimsMapping')}.${issue.path}`,
    message: issue.message,
  }));
}
