import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import { authorizationServerMetadataUrls, checkAuthorizationServerMetadata } from '@issuer/oauth2';
import { AppError, createGuardedFetch, LOGGER, type Logger, type OutboundGuard } from '@issuer/platform';
import { ISSUER_OUTBOUND_GUARD } from '../../webhooks/outbound-guard.provider';
import type { AdminOidcSettings } from './admin-oidc.settings';

/** One call to the provider must not hold an admin request longer than this. */
const TIMEOUT_MS = 5_000;
/** Discovery documents and key sets are small; anything larger is refused. */
const MAX_BYTES = 512 * 1024;
/** The discovery document changes rarely (keys rotate in the JWKS, not here). */
const DISCOVERY_TTL_MS = 10 * 60_000;
/**
 * A token naming a key the cached set lacks makes jose fetch the set again (the provider rotated its keys), at most
 * once in this interval: tokens with made-up `kid`s cannot turn the admin API into a load generator.
 */
const JWKS_COOLDOWN_MS = 1_000;
/** After a failed rediscovery, the keys held are used this long before discovery is tried again. */
const HELD_AFTER_FAILURE_MS = 60_000;

/** jose codes of key selection failures that are the token's fault (its `kid` or `alg`), not the provider's. */
const TOKEN_FAULTS = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JOSE_NOT_SUPPORTED']);

/**
 * The provider could not be reached or answered nonsense: the token is then neither valid nor invalid, so the caller
 * gets a retryable 503 (the error filter adds Retry-After to every 503), never a 401 (it would throw a good token
 * away) nor a 500.
 */
export function identityProviderUnavailable(cause?: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    'The identity provider of the admin API (ADMIN_OIDC_ISSUER) could not be reached; try again',
    undefined,
    cause !== undefined ? { cause } : undefined,
  );
}

/**
 * The signing keys of the admin API's identity provider: its discovery document
 * (`{issuer}/.well-known/openid-configuration`, whose `issuer` must be exactly the configured one) gives `jwks_uri`,
 * whose keys jose's remote key set fetches and caches. Both go through the SSRF guard (OUTBOUND_ALLOWED_HOSTS: `http`
 * only for listed hosts, pinned addresses, no redirects, bounded time and size). Discovery is cached and shared by
 * concurrent requests; a failure is not cached, so the next request tries again — except that once keys are held, a
 * failed rediscovery keeps them in use for a minute (the provider being briefly down must not lock people out).
 */
@Injectable()
export class AdminIdentityProvider {
  private readonly fetch: ReturnType<typeof createGuardedFetch>;
  private discovered?: { jwksUri: string; keys: JWTVerifyGetKey; until: number };
  private pending?: Promise<JWTVerifyGetKey>;

  constructor(
    @Inject(ISSUER_OUTBOUND_GUARD) guard: OutboundGuard,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.fetch = createGuardedFetch({ guard, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, allowHttpForListedHosts: true });
  }

  /** The key function for jose's `jwtVerify`; throws the 503 of identityProviderUnavailable when the keys cannot be had. */
  async keys(settings: AdminOidcSettings): Promise<JWTVerifyGetKey> {
    if (this.discovered && this.discovered.until > Date.now()) return this.discovered.keys;
    this.pending ??= this.discover(settings)
      .catch((error: unknown) => {
        const held = this.discovered;
        if (!held) throw error;
        held.until = Date.now() + HELD_AFTER_FAILURE_MS;
        return held.keys;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async discover(settings: AdminOidcSettings): Promise<JWTVerifyGetKey> {
    const url = authorizationServerMetadataUrls(settings.issuer)[0]!;
    let status: number;
    let body: unknown;
    try {
      const response = await this.fetch(url, { method: 'GET', headers: { accept: 'application/json' } });
      status = response.status;
      body = status === 200 ? await response.json() : undefined;
    } catch (error) {
      this.logger.warn({ err: error, url }, 'the identity provider of the admin API could not be reached');
      throw identityProviderUnavailable(error);
    }
    const checked = status === 200 ? checkAuthorizationServerMetadata(body, settings.issuer) : undefined;
    const jwksUri = checked?.ok ? checked.metadata.jwks_uri : undefined;
    if (!jwksUri) {
      const problem = !checked ? `status ${status}` : checked.ok ? 'no jwks_uri' : checked.description;
      this.logger.warn({ url, problem }, 'no usable discovery document of the identity provider of the admin API');
      throw identityProviderUnavailable();
    }
    // The key set is kept while the provider names the same jwks_uri, so its cached keys survive a rediscovery.
    const keys = this.discovered?.jwksUri === jwksUri ? this.discovered.keys : this.keySet(jwksUri);
    this.discovered = { jwksUri, keys, until: Date.now() + DISCOVERY_TTL_MS };
    return keys;
  }

  /** jose's remote key set over the guarded fetch; its failures to fetch become the retryable 503. */
  private keySet(jwksUri: string): JWTVerifyGetKey {
    const jwksFetch: FetchImplementation = (url, options) =>
      this.fetch(url, { method: 'GET', headers: Object.fromEntries(new Headers(options.headers)) });
    const remote = createRemoteJWKSet(new URL(jwksUri), {
      [customFetch]: jwksFetch,
      cooldownDuration: JWKS_COOLDOWN_MS,
      timeoutDuration: TIMEOUT_MS,
    });
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (TOKEN_FAULTS.has((error as { code?: string } | null)?.code ?? '')) throw error;
        this.logger.warn({ err: error, jwksUri }, 'the keys of the identity provider of the admin API could not be fetched');
        throw identityProviderUnavailable(error);
      }
    };
  }
}
