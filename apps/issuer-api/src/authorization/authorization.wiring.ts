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
import { IdTokenLogin } from './id-token/id-token.login';
import { VpTokenLogin } from './vp-token/vp-token.login';
import { PresentedStatusLists } from './wallet-response/presented-status-lists';
import { RequestObjectSigner } from './wallet-response/request-object.signer';
import { WalletDidKeys } from './wallet-response/wallet-did-keys';
import { WALLET_RESPONSE_LOGINS, type WalletResponseLogin } from './wallet-response/wallet-response-login';
import { WalletResponseController } from './wallet-response/wallet-response.controller';
import { WalletResponseService } from './wallet-response/wallet-response.service';
import { LOGIN_METHODS, type LoginMethod } from './login-method';
import { PasswordAuthenticator } from './password/password-authenticator';
import { PasswordLoginController } from './password/password-login.controller';
import { PasswordLoginFlow } from './password/password-login.flow';
import { PasswordLogin } from './password/password.login';
import { RefreshTokenRepository } from './refresh-token.repository';
import { UsedJtiStore } from './used-jti.store';
import { WalletInitiatedSessions } from './wallet-initiated.sessions';

/** How long one call to an identity provider (discovery, JWKS, token, userinfo) may take. */
const IDENTITY_PROVIDER_TIMEOUT_MS = 10_000;

/** issuer-api's authorization server (API.md §11): PAR, authorize, logins (identity providers, password), DPoP, attestation. */
export const AUTHORIZATION_CONTROLLERS: Type[] = [AuthorizationController, WalletResponseController, PasswordLoginController];

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
  PasswordLogin,
  // Every login method of API.md §11, dispatched by `Profile.authentication.method`.
  {
    provide: LOGIN_METHODS,
    inject: [ExternalIdpLogin, IdTokenLogin, VpTokenLogin, PasswordLogin],
    useFactory: (...methods: LoginMethod[]) => methods,
  },
  // The logins the wallet answers itself at /direct_post (SIOPv2, OpenID4VP).
  IdTokenLogin,
  VpTokenLogin,
  {
    provide: WALLET_RESPONSE_LOGINS,
    inject: [IdTokenLogin, VpTokenLogin],
    useFactory: (...logins: WalletResponseLogin[]) => logins,
  },
  WalletDidKeys,
  { provide: PresentedStatusLists, inject: [ISSUER_OUTBOUND_GUARD], useFactory: (guard: OutboundGuard) => new PresentedStatusLists(guard) },
  RequestObjectSigner,
  WalletResponseService,
  WalletInitiatedSessions,
  AuthorizationService,
  CodeTokenService,
  PasswordAuthenticator,
  PasswordLoginFlow,
];
