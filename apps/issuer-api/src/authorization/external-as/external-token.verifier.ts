import { Inject, Injectable } from '@nestjs/common';
import {
  authorizedCredentials,
  isJwtAccessTokenCandidate,
  verifyJwtAccessToken,
  type AccessTokenExpectations,
  type AccessTokenVerification,
  type AuthorizedCredential,
} from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../../common/public-url';
import { hashSecret } from '../../common/secrets';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import { verifyJwsSignature } from '../../wallet/jws-signature.verifier';
import { authorizationConfigOf } from '../authorization-config';
import { AuthorizationSecrets } from '../authorization-secrets';
import { AuthorizationServerDiscovery } from './authorization-server.discovery';
import { AuthorizationServerKeySets } from './authorization-server.key-sets';
import { INTROSPECTION_CACHE_MS, TokenIntrospectionClient } from './token-introspection.client';

/** Signature algorithms of external access tokens: asymmetric ones the issuer's JWS verifier implements. */
const ACCESS_TOKEN_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** An access token of the external AS that verified, with what it grants. */
export interface ExternalAccessToken {
  /** What the token is found by (the token itself is never stored). */
  hash: string;
  /** The JWT payload or introspection answer: the login claims of `idTokenClaimsMapping`. */
  claims: Record<string, unknown>;
  /** `cnf.jkt`: the token is DPoP-bound to this key. */
  jkt?: string;
  expiresAt: Date;
  /** Past `exp`: it may still reach a pending deferred transaction of its session, nothing else. */
  expired: boolean;
  /** The credential configurations its `authorization_details` or `scope` grant (at least one). */
  authorized: AuthorizedCredential[];
  authorizationServer: string;
}

export type ExternalTokenCheck = { ok: true; token: ExternalAccessToken } | { ok: false; description: string };

/**
 * Verifies a token that is not one of the issuer's own (API.md §11, external AS mode): a JWT per RFC 9068 against
 * the AS's discovered JWKS, or an opaque token by RFC 7662 introspection when configured; `aud` must name the
 * configured `audience` or else the credential issuer. The token must grant at least one of the issuer's credential
 * configurations. An unreachable AS throws the retryable `temporarily_unavailable`.
 */
@Injectable()
export class ExternalTokenVerifier {
  constructor(
    @Inject(AuthorizationServerDiscovery) private readonly discovery: AuthorizationServerDiscovery,
    @Inject(AuthorizationServerKeySets) private readonly keySets: AuthorizationServerKeySets,
    @Inject(TokenIntrospectionClient) private readonly introspection: TokenIntrospectionClient,
    @Inject(AuthorizationSecrets) private readonly secrets: AuthorizationSecrets,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  async verify(issuer: IssuerConfig, token: string): Promise<ExternalTokenCheck> {
    const settings = authorizationConfigOf(issuer).externalAuthorizationServer;
    if (!settings) return { ok: false, description: 'unknown access token' };
    const credentialIssuer = credentialIssuerOf(this.platform, issuer.id);
    const nowSeconds = Math.floor(Date.now() / 1000);
    // Expiry is decided with the session (a pending deferred transaction outlives the token), like for own tokens.
    const expectations: AccessTokenExpectations = {
      issuer: settings.issuer,
      audience: settings.audience ?? credentialIssuer,
      nowSeconds,
      acceptExpired: true,
    };
    let result: AccessTokenVerification;
    if (isJwtAccessTokenCandidate(token)) {
      const metadata = await this.discovery.metadata(settings.issuer);
      const jwksUri = metadata.jwks_uri;
      if (!jwksUri) return { ok: false, description: 'the authorization server publishes no keys (jwks_uri) to verify JWT access tokens' };
      result = await verifyJwtAccessToken(
        token,
        { ...expectations, allowedAlgs: ACCESS_TOKEN_ALGS },
        { verifySignature: (input) => verifyJwsSignature(input), resolveKey: (header) => this.keySets.key(jwksUri, header) },
      );
    } else if (settings.introspection) {
      const { endpoint, clientId } = settings.introspection;
      const clientSecret = this.secrets.introspectionSecret(issuer.id, settings.introspection);
      result = await this.introspection.introspect({ endpoint, clientId, clientSecret }, token, expectations);
    } else return { ok: false, description: 'unknown access token (and no introspection is configured for opaque tokens)' };
    if (!result.verified) return { ok: false, description: result.description };
    const authorized = authorizedCredentials(result.claims, {
      credentialIssuer,
      configurations: issuer.credentialConfigurations as Record<string, { scope?: unknown }>,
    });
    if (!authorized.length)
      return {
        ok: false,
        description: "the access token grants none of this issuer's credential configurations (authorization_details or scope)",
      };
    const expiresAtSeconds = result.expiresAt ?? nowSeconds + INTROSPECTION_CACHE_MS / 1000;
    return {
      ok: true,
      token: {
        hash: hashSecret(token, 'external-access-token:'),
        claims: result.claims,
        ...(result.jkt ? { jkt: result.jkt } : {}),
        expiresAt: new Date(expiresAtSeconds * 1000),
        expired: result.expired,
        authorized,
        authorizationServer: settings.issuer,
      },
    };
  }
}
