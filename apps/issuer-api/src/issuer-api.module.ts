import { Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { healthPingContract } from '@issuer/contracts';
import {
  BUS,
  LOGGER,
  OutboxRelay,
  PLATFORM_RUNTIME,
  type Bus,
  type Logger,
  type PlatformRuntime,
  type ServiceDatabase,
} from '@issuer/platform';
import { DidDocumentsController } from './dids/did-documents.controller';
import { DidsController } from './dids/dids.controller';
import { ISSUER_API_DB, issuerApiDatabaseProvider } from './database/issuer-api-database';
import { EventStreamService } from './events/event-stream.service';
import { ISSUER_EVENTS_RELAY } from './events/events.tokens';
import { ISSUER_API_CONFIG, loadIssuerApiConfig } from './issuer-api.config';
import { IssuerCatalog } from './issuers/issuer-catalog';
import { IssuersController } from './issuers/issuers.controller';
import { KeysController } from './keys/keys.controller';
import { CertificatesController } from './certificates/certificates.controller';
import { CertificateListController } from './certificates/certificate-list.controller';
import { KeyUsageController } from './keys/key-usage.controller';
import { KeyUsageRepository } from './keys/key-usage.repository';
import { StatsController } from './stats/stats.controller';
import { StatsRepository } from './stats/stats.repository';
import { OfferService } from './offers/offer.service';
import { OffersController } from './offers/offers.controller';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilePreviewController } from './profiles/profile-preview.controller';
import { ProfileVersionsController } from './profiles/profile-versions.controller';
import { SessionAdminRepository } from './sessions/session-admin.repository';
import { SessionExpiryRepository } from './sessions/session-expiry.repository';
import { SessionExpirySweeper } from './sessions/session-expiry.sweeper';
import { EventRecorder } from './events/event-recorder';
import { OfferSessionRepository } from './sessions/offer-session.repository';
import { SessionSnapshotStore } from './sessions/session-snapshot.store';
import { SessionRepository } from './sessions/session.repository';
import { SessionsController } from './sessions/sessions.controller';
import { CredentialService } from './wallet/credential.service';
import { IssuerMetadataService } from './wallet/issuer-metadata.service';
import { MetadataController } from './wallet/metadata.controller';
import { NonceService } from './wallet/nonce.service';
import { ProofVerifier } from './wallet/proof.verifier';
import { OfferPublicController } from './wallet/offer-public.controller';
import { CredentialDataBuilder } from './wallet/credential-data.builder';
import { CredentialFactory } from './wallet/credential.factory';
import { IssuerSignerService } from './wallet/issuer-signer.service';
import { SdJwtVcFactory } from './wallet/sd-jwt-vc.factory';
import { DataFunctionFetcher } from './wallet/data-function.fetcher';
import { MdocFactory } from './wallet/mdoc.factory';
import { SignedMetadataSigner } from './wallet/signed-metadata.signer';
import { W3cVcFactory } from './wallet/w3c-vc.factory';
import { serverSecretsProvider } from './wallet/server-secrets';
import { TokenService } from './wallet/token.service';
import { WalletController } from './wallet/wallet.controller';
import { EVENTING_CONTROLLERS, EVENTING_PROVIDERS } from './webhooks/eventing.wiring';
import { STATUS_LIST_CONTROLLERS, STATUS_LIST_PROVIDERS } from './status-lists/status-lists.wiring';
import { AUTHORIZATION_CONTROLLERS, AUTHORIZATION_PROVIDERS } from './authorization/authorization.wiring';
import { CREDENTIAL_ENDPOINT_CONTROLLERS, CREDENTIAL_ENDPOINT_PROVIDERS } from './deferred/credential-endpoint.wiring';
import { USERS_CONTROLLERS, USERS_PROVIDERS } from './users/users.wiring';
import { ACCESS_CONTROLLERS, ACCESS_PROVIDERS } from './access/access.wiring';
import { RATE_LIMIT_PROVIDERS } from './rate-limits/rate-limits.wiring';
import { AUDIT_CONTROLLERS, AUDIT_PROVIDERS } from './audit/audit.wiring';
import { auditAdminControllers } from './audit/audited-controllers';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './console/console.wiring';

export const ISSUER_API_SERVICE_NAME = 'issuer-api';

/** The public edge: admin API, OID4VCI wallet endpoints, SSE; issuers, profiles, offers and sessions. */
@Module({
  // Admin controllers get the AuditInterceptor (audit/audited-controllers.ts); wallet and public ones none.
  controllers: auditAdminControllers([
    KeysController,
    KeyUsageController,
    CertificatesController,
    CertificateListController,
    StatsController,
    DidsController,
    DidDocumentsController,
    IssuersController,
    ProfilesController,
    ProfileVersionsController,
    ProfilePreviewController,
    OffersController,
    SessionsController,
    MetadataController,
    OfferPublicController,
    WalletController,
    ...EVENTING_CONTROLLERS,
    ...STATUS_LIST_CONTROLLERS,
    ...AUTHORIZATION_CONTROLLERS,
    ...CREDENTIAL_ENDPOINT_CONTROLLERS,
    ...USERS_CONTROLLERS,
    ...ACCESS_CONTROLLERS,
    ...AUDIT_CONTROLLERS,
    ...CONSOLE_CONTROLLERS,
  ]),
  providers: [
    { provide: ISSUER_API_CONFIG, useFactory: () => loadIssuerApiConfig() },
    issuerApiDatabaseProvider,
    serverSecretsProvider,
    {
      provide: ISSUER_EVENTS_RELAY,
      inject: [ISSUER_API_DB, BUS, LOGGER],
      useFactory: (db: ServiceDatabase, bus: Bus, logger: Logger) => {
        // Started at bootstrap, once every module's durable consumers are registered (in-process bus).
        return new OutboxRelay(db, 'issuer_api.events', bus, logger);
      },
    },
    IssuerCatalog,
    IssuerMetadataService,
    SessionRepository,
    OfferSessionRepository,
    SessionSnapshotStore,
    EventRecorder,
    SessionAdminRepository,
    SessionExpiryRepository,
    SessionExpirySweeper,
    EventStreamService,
    OfferService,
    NonceService,
    TokenService,
    SdJwtVcFactory,
    W3cVcFactory,
    CredentialFactory,
    CredentialDataBuilder,
    IssuerSignerService,
    SignedMetadataSigner,
    DataFunctionFetcher,
    MdocFactory,
    CredentialService,
    ProofVerifier,
    KeyUsageRepository,
    StatsRepository,
    ...EVENTING_PROVIDERS,
    ...STATUS_LIST_PROVIDERS,
    ...AUTHORIZATION_PROVIDERS,
    ...CREDENTIAL_ENDPOINT_PROVIDERS,
    ...USERS_PROVIDERS,
    ...ACCESS_PROVIDERS,
    // After the guards (access): the admin limit counts authenticated principals.
    ...RATE_LIMIT_PROVIDERS,
    // After the rate limits: a request refused with 429 changed nothing and is not recorded.
    ...AUDIT_PROVIDERS,
    ...CONSOLE_PROVIDERS,
  ],
})
export class IssuerApiModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  onModuleInit(): void {
    const name = ISSUER_API_SERVICE_NAME;
    this.bus.serve(healthPingContract(name), async () => ({ service: name, instanceId: this.runtime.instanceId }), name);
  }
}
