import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../webhooks/secret-box';
import { SECRET_BOX } from '../webhooks/secret-box.provider';
import type { AuthorizationConfig, IdentityProviderConfig } from './authorization-config.schema';

const MASK = '***';

/**
 * The client secrets of `IssuerConfig.authorization` (identity providers, introspection): stored sealed under the
 * deployment's secrets key with the issuer and provider as context, shown as "***"; an admin who sends "***"
 * back (re-submitting what GET showed) keeps the stored secret.
 */
@Injectable()
export class AuthorizationSecrets {
  constructor(@Inject(SECRET_BOX) private readonly box: SecretBox) {}

  /** `authorization` as stored: every secret sealed, "***" replaced by the previous sealed value. */
  seal(
    issuerId: string,
    authorization: AuthorizationConfig | undefined,
    previous: AuthorizationConfig | undefined,
  ): AuthorizationConfig | undefined {
    if (!authorization) return undefined;
    const sealed = structuredClone(authorization);
    for (const [name, idp] of Object.entries(sealed.identityProviders)) {
      idp.clientSecret = this.sealOne(idp.clientSecret, previous?.identityProviders[name]?.clientSecret, `${issuerId}/idp/${name}`);
    }
    const introspection = sealed.externalAuthorizationServer?.introspection;
    if (introspection) {
      const before = previous?.externalAuthorizationServer?.introspection?.clientSecret;
      introspection.clientSecret = this.sealOne(introspection.clientSecret, before, `${issuerId}/introspection`) ?? MASK;
    }
    return sealed;
  }

  /** `authorization` as the admin API shows it: every secret "***". */
  mask(authorization: AuthorizationConfig | undefined): AuthorizationConfig | undefined {
    if (!authorization) return undefined;
    const masked = structuredClone(authorization);
    for (const idp of Object.values(masked.identityProviders)) if (idp.clientSecret !== undefined) idp.clientSecret = MASK;
    const introspection = masked.externalAuthorizationServer?.introspection;
    if (introspection) introspection.clientSecret = MASK;
    return masked;
  }

  /** The plain client secret of an identity provider, for the token request to it. */
  idpSecret(issuerId: string, name: string, idp: IdentityProviderConfig): string | undefined {
    const secret = idp.clientSecret;
    return secret && SecretBox.isSealed(secret) ? this.box.open(secret, `${issuerId}/idp/${name}`) : secret;
  }

  /** The plain client secret the issuer authenticates with at the external AS's introspection endpoint. */
  introspectionSecret(issuerId: string, introspection: { clientSecret: string }): string {
    const secret = introspection.clientSecret;
    return SecretBox.isSealed(secret) ? this.box.open(secret, `${issuerId}/introspection`) : secret;
  }

  private sealOne(value: string | undefined, previous: string | undefined, context: string): string | undefined {
    if (value === undefined) return undefined;
    if (value === MASK) return SecretBox.isSealed(previous) ? previous : undefined;
    return this.box.seal(value, context);
  }
}
