import { Inject, Injectable } from '@nestjs/common';
import { buildCredentialOffer } from '@issuer/oid4vci';
import type { AuthorizationRequestError, OAuth2ErrorCode } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import type { IssuerRecord } from '../issuers/issuer.repository';
import {
  AuthorizationSessionRepository,
  type AuthorizationSession,
  type NewWalletInitiatedSession,
} from './authorization-session.repository';

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
    const prepared = await this.prepare(issuer.config, credentialConfigurationId);
    if (!prepared)
      throw fail(
        'invalid_request',
        `credential configuration ${credentialConfigurationId} cannot be requested without an offer (issuer_state)`,
      );
    const sessionId = await this.sessions.createWalletInitiated(prepared);
    return this.sessions.findById(issuer.config.id, sessionId);
  }

  /**
   * The new session a wallet-initiated request for the configuration gets, not stored yet (the external AS mode
   * stores it together with the access token it serves); undefined when no profile serves such requests.
   */
  async prepare(issuer: IssuerConfig, credentialConfigurationId: string): Promise<NewWalletInitiatedSession | undefined> {
    const issuerId = issuer.id;
    const [profile] = await this.catalog.profiles.findWalletInitiated(issuerId, credentialConfigurationId);
    if (!profile) return undefined;
    const { id: _id, ...body } = profile.body;
    return {
      issuerId,
      profileId: profile.profileId,
      profileVersion: profile.version,
      credentialConfigurationId,
      snapshot: { profile: body, credentialConfiguration: issuer.credentialConfigurations[credentialConfigurationId] },
      // What the session is about, in the offer's shape; no grant: nothing can be redeemed with it.
      credentialOffer: {
        ...buildCredentialOffer({
          credentialIssuer: credentialIssuerOf(this.config, issuerId),
          credentialConfigurationIds: [credentialConfigurationId],
        }),
        grants: {},
      },
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    };
  }
}
