import type { Provider, Type } from '@nestjs/common';
import type { OutboundGuard } from '@issuer/platform';
import { ISSUER_OUTBOUND_GUARD } from '../webhooks/outbound-guard.provider';
import { AuthorizationController } from './authorization.controller';
import { AuthorizationRequestRepository } from './authorization-request.repository';
import { AuthorizationSecrets } from './authorization-secrets';
import { AuthorizationService } from './authorization.service';
import { AuthorizationSessionRepository } from './authorization-session.repository';
import { CodeTokenService } from './code-token.service';
import { ClientAttestationService } from './client-attestation/client-attestation.service';
import { DpopService } from './dpop/dpop.service';
import { ExternalIdpLogin } from './external-idp/external-idp.login';
import { IdentityProviderClient } from './external-idp/identity-provider.client';
import { LOGIN_METHODS, type LoginMethod } from './login-method';
import { RefreshTokenRepository } from './refresh-token.repository';
import { UsedJtiStore } from './used-jti.store';
import { WalletInitiatedSessions } from './wallet-initiated.sessions';

/** How long one call to an identity provider (discovery, JWKS, token, userinfo) may take. */
const IDENTITY_PROVIDER_TIMEOUT_MS = 10_000;

/** issuer-api's authorization server (API.md §11): PAR, authorize, login at identity providers, DPoP, attestation. */
export const AUTHORIZATION_CONTROLLERS: Type[] = [AuthorizationController];

export const AUTHORIZATION_PROVIDERS: Provider[] = [
  {
    provide: IdentityProviderClient,
    inject: [ISSUER_OUTBOUND_GUARD],
    useFactory: (guard: OutboundGuard) => new IdentityProviderClient(guard, IDENTITY_PROVIDER_TIMEOUT_MS),
  },
  AuthorizationSecrets,
  AuthorizationRequestRepository,
  AuthorizationSessionRepository,
  RefreshTokenRepository,
  UsedJtiStore,
  DpopService,
  ClientAttestationService,
  ExternalIdpLogin,
  // Every login method of API.md §11, dispatched by `Profile.authentication.method`.
  {
    provide: LOGIN_METHODS,
    inject: [ExternalIdpLogin],
    useFactory: (...methods: LoginMethod[]) => methods,
  },
  WalletInitiatedSessions,
  AuthorizationService,
  CodeTokenService,
];
