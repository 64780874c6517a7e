import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessController } from './access.controller';
import { AccessGuard } from './access.guard';
import { AdminKeyResolver } from './admin-key.resolver';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyResolver } from './api-keys/api-key.resolver';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AdminIdentityProvider } from './oidc/admin-identity-provider';
import { OidcAccessTokenResolver } from './oidc/oidc-access-token.resolver';
import { ResourceOwnerRepository } from './ownership/resource-owner.repository';
import { ResourceOwnership } from './ownership/resource-ownership.service';
import { PrincipalAuthenticator } from './principal-authenticator';
import { PrincipalStreams } from './principal-streams';
import { PRINCIPAL_RESOLVERS, type PrincipalResolver } from './principal-resolver';
import { ServedAdminRoutes } from './served-admin-routes';

/** Access control of the admin API (API.md §13): principals, API keys, the permission table's guard, ownership. */
export const ACCESS_CONTROLLERS: Type[] = [AccessController, ApiKeysController];

export const ACCESS_PROVIDERS: Provider[] = [
  AdminKeyResolver,
  ApiKeyRepository,
  ApiKeyResolver,
  AdminIdentityProvider,
  OidcAccessTokenResolver,
  // Asked in this order: the keys first (no network), then single sign-on, which only takes JWTs naming its provider.
  {
    provide: PRINCIPAL_RESOLVERS,
    inject: [AdminKeyResolver, ApiKeyResolver, OidcAccessTokenResolver],
    useFactory: (...resolvers: PrincipalResolver[]) => resolvers,
  },
  PrincipalAuthenticator,
  PrincipalStreams,
  ResourceOwnerRepository,
  ResourceOwnership,
  ServedAdminRoutes,
  { provide: APP_GUARD, useClass: AccessGuard },
];
