import { createHash, randomBytes } from 'node:crypto';
import { TestIdentityProvider, type FollowLoginOptions, type TestIdpAccounts } from '@issuer/testing';

/** A resource server the authorization server issues access tokens for (RFC 8707), here a credential issuer. */
export interface TestResourceServer {
  /** `jwt`: RFC 9068 access tokens; `opaque`: tokens the resource server introspects (RFC 7662). */
  format: 'jwt' | 'opaque';
  /** Scopes the resource server accepts: the `scope` values of the issuer's credential configurations. */
  scope: string;
  /** The tokens' `aud` (default: the resource indicator, i.e. the credential issuer URL). */
  audience?: string;
  /** JWT signing algorithm (default RS256, Keycloak's default). */
  alg?: 'RS256' | 'ES256';
}

export interface TestAuthorizationServerOptions {
  accounts: TestIdpAccounts;
  /** By resource indicator (the credential issuer identifier the wallet sends as `resource`). */
  resourceServers: Record<string, TestResourceServer>;
  /** The wallet: a public client (PKCE, no secret), as OID4VCI wallets are. */
  wallet: { clientId: string; redirectUris: string[] };
  /** Confidential clients allowed to introspect (the credential issuers with `introspection`). */
  introspectors?: { clientId: string; clientSecret: string }[];
}

/** Claims to change in the JWT access tokens issued from now on (signed by the server's real key), from the issued ones. */
export type AccessTokenTampering = (payload: Record<string, unknown>) => Record<string, unknown>;

// The oidc-provider objects these hooks touch (the package has no type declarations).
interface Grant {
  jti: string;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface HookContext {
  oidc: { params: Record<string, unknown>; resourceServers?: Record<string, unknown> };
}

/**
 * An OAuth 2.0 authorization server for the external AS mode of the credential issuer, standing in for Keycloak:
 * oidc-provider 9 (through TestIdentityProvider) with resource indicators (RFC 8707) issuing RFC 9068 JWT access
 * tokens or opaque ones per resource server, introspection (RFC 7662) and revocation, DPoP-bound tokens (RFC 9449)
 * when the wallet sends a proof, and PAR. The account's claims travel in the access token (like Keycloak's user
 * attribute mappers), and an `issuer_state` the wallet sent is forwarded as a claim (like Keycloak's OID4VCI support).
 */
export class TestAuthorizationServer {
  private tampering: AccessTokenTampering | undefined;
  /** The `issuer_state` of each grant's authorization request, for its tokens. */
  private readonly issuerStates = new Map<string, string>();
  private idp!: TestIdentityProvider;

  private constructor(private readonly options: TestAuthorizationServerOptions) {}

  static async start(options: TestAuthorizationServerOptions): Promise<TestAuthorizationServer> {
    const server = new TestAuthorizationServer(options);
    server.idp = await TestIdentityProvider.start({
      clients: [],
      accounts: options.accounts,
      configure: (configuration) => server.configure(configuration),
    });
    return server;
  }

  get issuer(): string {
    return this.idp.issuer;
  }

  /** Rewrites the claims of the JWT access tokens issued from now on (wrong `aud`, past `exp`...); undefined stops it. */
  tamperAccessTokens(tampering: AccessTokenTampering | undefined): void {
    this.tampering = tampering;
  }

  /** Answer every request with 503 (discovery, JWKS, token endpoint...) while true, as a server down for maintenance. */
  set unavailable(down: boolean) {
    this.idp.unavailable = down;
  }

  /** New signing keys (the old ones no longer published), as after a key rotation at the AS. */
  rotateKeys(): Promise<string[]> {
    return this.idp.rotateKeys();
  }

  /** Logs in as `account` in a browser from the authorization URL, up to the wallet's redirect. */
  followLogin(startUrl: string, options: FollowLoginOptions): Promise<string> {
    return this.idp.followLogin(startUrl, options);
  }

  /**
   * A plain public-client authorization code flow with PKCE and without DPoP (so the token is a bearer token), built
   * by hand: authorization request with `resource` and `scope`, login, token request.
   */
  async bearerToken(request: { resource: string; scope: string; account: string; issuerState?: string }): Promise<string> {
    const { clientId, redirectUris } = this.options.wallet;
    const redirectUri = redirectUris[0]!;
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${this.issuer}/auth`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: request.scope,
      resource: request.resource,
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...(request.issuerState ? { issuer_state: request.issuerState } : {}),
    }).toString();
    const back = new URL(await this.followLogin(authorize.href, { account: request.account, stopAt: redirectUri }));
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.href}`);
    const answer = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
      }),
    });
    const body = (await answer.json()) as { access_token?: string; token_type?: string };
    if (!answer.ok || !body.access_token) throw new Error(`token request refused: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** RFC 7009 revocation by the wallet that holds the token. */
  async revoke(token: string): Promise<void> {
    const answer = await fetch(`${this.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: this.options.wallet.clientId }),
    });
    if (!answer.ok) throw new Error(`revocation refused: ${answer.status} ${await answer.text()}`);
  }

  stop(): Promise<void> {
    return this.idp.stop();
  }

  /** TestIdentityProvider's configuration plus what an authorization server for a credential issuer needs. */
  private configure(base: Record<string, any>): Record<string, any> {
    const { resourceServers, wallet, accounts } = this.options;
    const loadExistingGrant = base['loadExistingGrant'] as (ctx: HookContext) => Promise<Grant | undefined>;
    return {
      ...base,
      clients: [
        {
          client_id: wallet.clientId,
          token_endpoint_auth_method: 'none',
          redirect_uris: wallet.redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
        ...(this.options.introspectors ?? []).map((c) => ({
          client_id: c.clientId,
          client_secret: c.clientSecret,
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: [],
          response_types: [],
          redirect_uris: [],
        })),
      ],
      extraParams: ['issuer_state'],
      features: {
        ...base['features'],
        introspection: { enabled: true },
        revocation: { enabled: true },
        resourceIndicators: {
          enabled: true,
          // A token request without `resource` gets the audience its authorization request named.
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, indicator: string) => {
            const rs = resourceServers[indicator];
            if (!rs) throw new Error(`unknown resource ${indicator}`);
            return {
              scope: rs.scope,
              audience: rs.audience ?? indicator,
              accessTokenTTL: 600,
              accessTokenFormat: rs.format,
              ...(rs.format === 'jwt' ? { jwt: { sign: { alg: rs.alg ?? 'RS256' } } } : {}),
            };
          },
        },
      },
      // The first-party login grants the requested resource scopes too, and remembers the request's issuer_state.
      loadExistingGrant: async (ctx: HookContext) => {
        const grant = await loadExistingGrant(ctx);
        if (!grant) return grant;
        const scope = String(ctx.oidc.params['scope'] ?? '');
        for (const resource of Object.keys(ctx.oidc.resourceServers ?? {})) grant.addResourceScope(resource, scope);
        await grant.save();
        const issuerState = ctx.oidc.params['issuer_state'];
        if (typeof issuerState === 'string') this.issuerStates.set(grant.jti, issuerState);
        return grant;
      },
      extraTokenClaims: (_ctx: unknown, token: { accountId?: string; grantId?: string }) => {
        const claims = token.accountId && Object.hasOwn(accounts, token.accountId) ? { ...accounts[token.accountId] } : {};
        const issuerState = token.grantId ? this.issuerStates.get(token.grantId) : undefined;
        return { ...claims, ...(issuerState ? { issuer_state: issuerState } : {}) };
      },
      formats: {
        ...base['formats'],
        customizers: {
          jwt: (_ctx: unknown, _token: unknown, jwt: { payload: Record<string, unknown> }) => {
            if (this.tampering) jwt.payload = { ...jwt.payload, ...this.tampering(jwt.payload) };
          },
        },
      },
    };
  }
}
