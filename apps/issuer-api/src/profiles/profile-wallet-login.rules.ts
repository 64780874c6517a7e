import { parseTrustedIssuers, validateDcqlQuery } from '@issuer/oid4vp';
import type { FieldError } from '@issuer/platform';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import type { ProfileBody } from './profile.schema';

/**
 * The logins a wallet answers itself (API.md §11): the issuer signs their request objects with `tokenKeyId`, so it
 * must have one; a VP token login needs a valid DCQL query and trusted issuers that are public keys,
 * certificates or DIDs.
 */
export function checkWalletLogin(
  authentication: NonNullable<ProfileBody['authentication']>,
  issuer: IssuerConfig,
  at: (field: string) => string,
): FieldError[] {
  if (authentication.method !== 'ID_TOKEN' && authentication.method !== 'VP_TOKEN') return [];
  const errors: FieldError[] = [];
  if (!issuer.tokenKeyId)
    errors.push({
      path: at('authentication.method'),
      message: `${authentication.method} signs its request objects with the issuer's tokenKeyId: issuer ${issuer.id} has none`,
    });
  if (authentication.method === 'VP_TOKEN') {
    for (const issue of validateDcqlQuery(authentication.dcqlQuery))
      errors.push({ path: `${at('authentication.dcqlQuery')}${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    // Nothing is trusted by default: a presentation is only as good as the issuers it is checked against.
    if (!authentication.trustedIssuers?.length)
      errors.push({
        path: at('authentication.trustedIssuers'),
        message: 'a VP token login needs at least one trusted issuer (JWK, PEM certificate or DID)',
      });
    const trusted = parseTrustedIssuers(authentication.trustedIssuers ?? []);
    for (const issue of trusted.errors) errors.push({ path: `${at('authentication')}.${issue.path}`, message: issue.message });
  }
  return errors;
}
