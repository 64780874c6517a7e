import { createRemoteJWKSet, customFetch, jwtVerify, type FetchImplementation } from 'jose';
import * as oidc from 'openid-client';
import { createGuardedFetch, TtlCache, type OutboundGuard } from '@issuer/platform';
import type { IdentityProviderConfig } from '../authorization-config.schema';

/** What the issuer keeps between sending the subject to the provider and the provider's callback. */
export interface IdpLoginState {
  state: string;
  nonce: string;
  /** PKCE toward the provider (absent when the provider is configured with `usePkce: false`). */
  codeVerifier?: string;
}

/** A provider could not be reached or answered nonsense: the wallet gets `temporarily_unavailable`, never a 5xx. */
export class IdentityProviderUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailable';
  }
}

/** The provider refused the login or its answer did not verify (state, nonce, signature, audience...). */
export class IdentityProviderLoginFailed extends Error {
  constructor(
    message: string,
    /** The provider's own `error`, e.g. `access_denied` when the user cancelled. */
    readonly providerError?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityProviderLoginFailed';
  }
}

const DISCOVERY_TTL_MS = 10 * 60_000;
/** Asymmetric algorithms accepted for provider ID tokens (never `none` or HMAC). */
const ID_TOKEN_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const ATTEMPTS = 3;

/**
 * The issuer as OpenID Connect client of an external identity provider (Keycloak, Entra ID, Auth0), through
 * openid-client: discovery (cached per provider, retried), the authorization request with `state`, `nonce` and
 * PKCE, and the callback with full ID token validation (signature against the provider's JWKS, which
 * openid-client refetches when the provider rotates keys; `iss`, `aud`, `exp`, `nonce`). Every call goes through
 * the SSRF guard (OUTBOUND_ALLOWED_HOSTS).
 */
export class IdentityProviderClient {
  private readonly configurations = new TtlCache<string, oidc.Configuration>(DISCOVERY_TTL_MS, 1000);
  private readonly fetch: oidc.CustomFetch;
  private readonly jwksFetch: FetchImplementation;
  private readonly keySets = new Map<string, { uri: string; set: ReturnType<typeof createRemoteJWKSet> }>();

  constructor(guard: OutboundGuard, timeoutMs: number) {
    const guarded = createGuardedFetch({ guard, timeoutMs, maxBytes: 1024 * 1024, allowHttpForListedHosts: true });
    this.jwksFetch = (url, options) =>
      guarded(url, { method: 'GET', headers: Object.fromEntries(new Headers(options.headers)), body: null });
    this.fetch = (url, options) =>
      guarded(url, {
        method: options.method,
        headers: options.headers,
        body: options.body === undefined || options.body === null ? null : String(options.body),
      });
  }

  /** Where to send the subject's browser; `login` is what the callback must be checked against. */
  async authorizationUrl(
    cacheKey: string,
    idp: IdentityProviderConfig,
    clientSecret: string | undefined,
    redirectUri: string,
    issuerState: string | undefined,
  ): Promise<{ url: URL; login: IdpLoginState }> {
    const configuration = await this.configuration(cacheKey, idp, clientSecret);
    const login: IdpLoginState = { state: oidc.randomState(), nonce: oidc.randomNonce() };
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: idp.scopes.join(' '),
      state: login.state,
      nonce: login.nonce,
    };
    if (idp.usePkce) {
      login.codeVerifier = oidc.randomPKCECodeVerifier();
      parameters.code_challenge = await oidc.calculatePKCECodeChallenge(login.codeVerifier);
      parameters.code_challenge_method = 'S256';
    }
    if (idp.forwardIssuerState && issuerState) parameters.issuer_state = issuerState;
    return { url: oidc.buildAuthorizationUrl(configuration, parameters), login };
  }

  /**
   * Redeems the provider's callback and returns the login claims: the verified ID token's claims, the userinfo
   * claims (checked to be about the same `sub`), or both merged (ID token claims win) per `claimsSource`.
   */
  async callback(
    cacheKey: string,
    idp: IdentityProviderConfig,
    clientSecret: string | undefined,
    callbackUrl: URL,
    login: IdpLoginState,
  ): Promise<Record<string, unknown>> {
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError) throw new IdentityProviderLoginFailed(`the identity provider answered ${providerError}`, providerError);
    const configuration = await this.configuration(cacheKey, idp, clientSecret);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: login.state,
        expectedNonce: login.nonce,
        pkceCodeVerifier: login.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (isTransport(error)) throw new IdentityProviderUnavailable('the identity provider could not be reached', { cause: error });
      throw new IdentityProviderLoginFailed(`the identity provider's answer did not verify: ${describe(error)}`, undefined, {
        cause: error,
      });
    }
    await this.verifyIdTokenSignature(cacheKey, configuration, tokens.id_token);
    const idTokenClaims = { ...(tokens.claims() ?? {}) } as Record<string, unknown>;
    if (idp.claimsSource === 'id_token') return idTokenClaims;
    let userinfo: Record<string, unknown>;
    try {
      userinfo = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, String(idTokenClaims.sub))) };
    } catch (error) {
      if (isTransport(error))
        throw new IdentityProviderUnavailable('the identity provider userinfo endpoint could not be reached', { cause: error });
      throw new IdentityProviderLoginFailed(`the userinfo answer did not verify: ${describe(error)}`, undefined, { cause: error });
    }
    return idp.claimsSource === 'userinfo' ? userinfo : { ...userinfo, ...idTokenClaims };
  }

  /**
   * openid-client checks the ID token's claims but, as OIDC Core §3.1.3.7 allows for a token from the token
   * endpoint, not its signature; and its own signature check (non-repudiation) refetches a rotated JWKS only once
   * the cached one is a minute old. The signature is verified here against the provider's JWKS, refetched as soon
   * as a token names a key it does not hold (a rotation), at most once per second.
   */
  private async verifyIdTokenSignature(cacheKey: string, configuration: oidc.Configuration, idToken: string | undefined): Promise<void> {
    const jwksUri = configuration.serverMetadata().jwks_uri;
    if (!idToken || !jwksUri) throw new IdentityProviderLoginFailed('the identity provider sent no verifiable ID token');
    let keys = this.keySets.get(cacheKey);
    if (!keys || keys.uri !== jwksUri) {
      keys = {
        uri: jwksUri,
        set: createRemoteJWKSet(new URL(jwksUri), { [customFetch]: this.jwksFetch, cooldownDuration: 1000, timeoutDuration: 10_000 }),
      };
      this.keySets.set(cacheKey, keys);
    }
    try {
      await jwtVerify(idToken, keys.set, { algorithms: ID_TOKEN_ALGS });
    } catch (error) {
      if (isTransport(error)) throw new IdentityProviderUnavailable('the identity provider JWKS could not be fetched', { cause: error });
      throw new IdentityProviderLoginFailed(`the ID token signature did not verify: ${describe(error)}`, undefined, { cause: error });
    }
  }

  /** Forgets a provider's discovery (its configuration changed). */
  forget(cacheKey: string): void {
    this.configurations.delete(cacheKey);
  }

  private configuration(cacheKey: string, idp: IdentityProviderConfig, clientSecret: string | undefined): Promise<oidc.Configuration> {
    return this.configurations.getOrLoad(cacheKey, async () => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          return await oidc.discovery(
            new URL(idp.issuer),
            idp.clientId,
            undefined,
            clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(clientSecret),
            // The guarded fetch decides which http hosts are allowed; openid-client's own https-only check defers to it.
            { [oidc.customFetch]: this.fetch, execute: [oidc.allowInsecureRequests], timeout: 10 },
          );
        } catch (error) {
          lastError = error;
          if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
      throw new IdentityProviderUnavailable(`discovery of ${idp.issuer} failed: ${describe(lastError)}`, { cause: lastError });
    });
  }
}

/** Network-level failures (refused, timed out, SSRF-refused) as opposed to answers that did not verify. */
function isTransport(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown; name?: string } | null;
  if (!e) return false;
  // openid-client passes the fetch's own error on, and reports a provider's 5xx or non-JSON answer with these codes.
  if (e.name === 'OutboundRefused' || e.name === 'OutboundCallFailed') return true;
  if (e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || e.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return true;
  return e.cause !== undefined && e.cause !== error && isTransport(e.cause);
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; error?: string } | null;
  return e?.error ?? e?.code ?? e?.message ?? 'unknown error';
}
