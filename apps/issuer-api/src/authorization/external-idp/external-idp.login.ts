import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OAuth2Error } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../../common/public-url';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import { authorizationConfigOf } from '../authorization-config';
import type { IdentityProviderConfig } from '../authorization-config.schema';
import type { StoredAuthorizationRequest, StoredLogin } from '../authorization-request.repository';
import type { AuthorizationSession } from '../authorization-session.repository';
import { AuthorizationSecrets } from '../authorization-secrets';
import type { LoginMethod, LoginOutcome, LoginStart } from '../login-method';
import { IdentityProviderClient, IdentityProviderLoginFailed, IdentityProviderUnavailable } from './identity-provider.client';

/**
 * `authentication.method: "EXTERNAL_IDP"`: the subject logs in at the issuer's OpenID Connect provider named by the
 * profile; the issuer is its confidential client and receives the answer at `{credential_issuer}/idp-callback`.
 */
@Injectable()
export class ExternalIdpLogin implements LoginMethod {
  readonly method = 'EXTERNAL_IDP';

  constructor(
    @Inject(IdentityProviderClient) private readonly client: IdentityProviderClient,
    @Inject(AuthorizationSecrets) private readonly secrets: AuthorizationSecrets,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async start(issuer: IssuerRecord, session: AuthorizationSession, request: StoredAuthorizationRequest): Promise<LoginStart> {
    const { name, idp } = this.provider(issuer, session);
    try {
      const { url, login } = await this.client.authorizationUrl(
        cacheKey(issuer.config.id, name, idp),
        idp,
        this.secrets.idpSecret(issuer.config.id, name, idp),
        `${credentialIssuerOf(this.config, issuer.config.id)}/idp-callback`,
        request.issuerState,
      );
      return { redirect: url.href, state: login.state, stored: { method: 'EXTERNAL_IDP', identityProvider: name, ...login } };
    } catch (error) {
      if (error instanceof IdentityProviderUnavailable)
        throw new OAuth2Error('temporarily_unavailable', `the identity provider ${name} cannot be reached; try again later`, {
          cause: error,
        });
      throw error;
    }
  }

  async finish(issuer: IssuerRecord, session: AuthorizationSession, login: StoredLogin, callbackUrl: URL): Promise<LoginOutcome> {
    let provider: { name: string; idp: IdentityProviderConfig };
    try {
      provider = this.provider(issuer, session);
    } catch (error) {
      return { ok: false, error: 'server_error', description: (error as Error).message, endSessionAs: 'UNSUCCESSFUL' };
    }
    const { name, idp } = provider;
    if (!login.state || !login.nonce)
      return { ok: false, error: 'access_denied', description: 'no login is pending', endSessionAs: 'UNSUCCESSFUL' };
    try {
      const claims = await this.client.callback(
        cacheKey(issuer.config.id, name, idp),
        idp,
        this.secrets.idpSecret(issuer.config.id, name, idp),
        callbackUrl,
        { state: login.state, nonce: login.nonce, ...(login.codeVerifier ? { codeVerifier: login.codeVerifier } : {}) },
      );
      return { ok: true, claims };
    } catch (error) {
      if (error instanceof IdentityProviderLoginFailed) {
        // A user who cancels (or is refused) at the provider: REJECTED_BY_USER; any other refusal: UNSUCCESSFUL.
        const cancelled = error.providerError === 'access_denied';
        return {
          ok: false,
          error: 'access_denied',
          description: error.message,
          endSessionAs: cancelled ? 'REJECTED_BY_USER' : 'UNSUCCESSFUL',
        };
      }
      if (error instanceof IdentityProviderUnavailable)
        return {
          ok: false,
          error: 'temporarily_unavailable',
          description: `the identity provider ${name} cannot be reached; try again later`,
        };
      throw error;
    }
  }

  private provider(issuer: IssuerRecord, session: AuthorizationSession): { name: string; idp: IdentityProviderConfig } {
    const authentication = session.snapshot.profile.authentication;
    const name = authentication?.method === 'EXTERNAL_IDP' ? authentication.identityProvider : '';
    const idp = authorizationConfigOf(issuer.config).identityProviders[name];
    // The profile was checked against the issuer when saved; the issuer may have dropped the provider since.
    if (!idp) throw new OAuth2Error('server_error', `identity provider ${name} is not configured for this issuer`);
    return { name, idp };
  }
}

/** Discovery is cached per provider configuration: any change of it (issuer URL, client, scopes) starts afresh. */
function cacheKey(issuerId: string, name: string, idp: IdentityProviderConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([issuerId, name, idp]))
    .digest('base64url');
}
