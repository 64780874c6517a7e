import { validateClaimsMapping } from '@issuer/credentials';
import type { FieldError } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import type { ProfileBody } from './profile.schema';
import { checkWalletLogin } from './profile-wallet-login.rules';

/**
 * The authorization code flow fields of a profile (API.md §11): the login method and its identity provider exist
 * on the issuer, `idTokenClaimsMapping` writes only to members that exist in `credentialData`, and both the
 * mapping and `walletInitiated` come with a login method.
 */
export function checkAuthentication(profile: Omit<ProfileBody, 'id'>, issuer: IssuerConfig, at: (field: string) => string): FieldError[] {
  const errors: FieldError[] = [];
  const authentication = profile.authentication;
  if (authentication?.method === 'EXTERNAL_IDP') {
    const providers = authorizationConfigOf(issuer).identityProviders;
    if (!Object.hasOwn(providers, authentication.identityProvider))
      errors.push({
        path: at('authentication.identityProvider'),
        message: `issuer ${issuer.id} has no identity provider "${authentication.identityProvider}" (authorization.identityProviders)`,
      });
  }
  if (authentication) errors.push(...checkWalletLogin(authentication, issuer, at));
  if (profile.idTokenClaimsMapping !== undefined) {
    if (!authentication) errors.push({ path: at('idTokenClaimsMapping'), message: 'maps login claims: requires authentication' });
    for (const issue of validateClaimsMapping(profile.idTokenClaimsMapping, profile.credentialData ?? {}))
      errors.push({ path: `${at('idTokenClaimsMapping')}.${issue.path}`, message: issue.message });
  }
  if (profile.walletInitiated && !authentication)
    errors.push({ path: at('walletInitiated'), message: 'a wallet-initiated request needs a login: requires authentication' });
  return errors;
}
