import { Inject, Injectable } from '@nestjs/common';
import { buildCredentialOffer } from '@issuer/oid4vci';
import type { AuthorizationRequestError, OAuth2ErrorCode } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerRecord } from '../issuers/issuer.repository';
import { AuthorizationSessionRepository, type AuthorizationSession } from './authorization-session.repository';

/** A wallet-initiated session must finish its login and token steps within this time (no offer set an expiry). */
const SESSION_TTL_MS = 15 * 60_000;

/**
 * Wallet-initiated issuance (OID4VCI 1.0 §3.4, API.md §11): an authorization request without `issuer_state` is
 * served by the issuer's one ACTIVE profile with `walletInitiated: true` for the requested configuration, in a new
 * session of that profile (`authMethod: AUTHORIZED`).
 */
@Injectable()
export class WalletInitiatedSessions {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(AuthorizationSessionRepository) private readonly sessions: AuthorizationSessionRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async create(
    issuer: IssuerRecord,
    credentialConfigurationId: string,
    fail: (error: OAuth2ErrorCode, description: string) => AuthorizationRequestError,
  ): Promise<AuthorizationSession | undefined> {
    const issuerId = issuer.config.id;
    const [profile] = await this.catalog.profiles.findWalletInitiated(issuerId, credentialConfigurationId);
    if (!profile)
      throw fail(
        'invalid_request',
        `credential configuration ${credentialConfigurationId} cannot be requested without an offer (issuer_state)`,
      );
    const { id: _id, ...body } = profile.body;
    const sessionId = await this.sessions.createWalletInitiated({
      issuerId,
      profileId: profile.profileId,
      profileVersion: profile.version,
      credentialConfigurationId,
      snapshot: { profile: body, credentialConfiguration: issuer.config.credentialConfigurations[credentialConfigurationId] },
      // What the session is about, in the offer's shape; no grant: nothing can be redeemed with it.
      credentialOffer: {
        ...buildCredentialOffer({
          credentialIssuer: credentialIssuerOf(this.config, issuerId),
          credentialConfigurationIds: [credentialConfigurationId],
        }),
        grants: {},
      },
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
    return this.sessions.findById(issuerId, sessionId);
  }
}
