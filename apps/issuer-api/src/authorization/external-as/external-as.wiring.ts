import type { Provider } from '@nestjs/common';
import { AuthorizationServerDiscovery } from './authorization-server.discovery';
import { AuthorizationServerFetcher } from './authorization-server.fetcher';
import { AuthorizationServerKeySets } from './authorization-server.key-sets';
import { ExternalSessionBinder } from './external-session.binder';
import { ExternalTokenRepository } from './external-token.repository';
import { ExternalTokenVerifier } from './external-token.verifier';
import { TokenIntrospectionClient } from './token-introspection.client';

/** The external authorization server mode (API.md §11): what the resource endpoints' token check uses for foreign tokens. */
export const EXTERNAL_AS_PROVIDERS: Provider[] = [
  AuthorizationServerFetcher,
  AuthorizationServerDiscovery,
  AuthorizationServerKeySets,
  TokenIntrospectionClient,
  ExternalTokenVerifier,
  ExternalTokenRepository,
  ExternalSessionBinder,
];
