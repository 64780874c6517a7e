import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, decodeJwt, type JWK } from 'jose';
import { CookieBrowser } from './cookie-browser';
import { freePort } from './free-port';

/** A confidential client registered at the test provider (the issuer, in the end-to-end tests). */
export interface TestIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** How the client authenticates at the token endpoint; Keycloak's default is `client_secret_basic`. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

/** Accounts by `sub`: the claims the provider releases for the requested scopes (ID token and userinfo). */
export type TestIdpAccounts = Record<string, Record<string, unknown>>;

export interface TestIdentityProviderOptions {
  clients: TestIdpClient[];
  accounts: TestIdpAccounts;
  /** PKCE (S256) required for every client (default true, as a Keycloak client with PKCE enforced). */
  requirePkce?: boolean;
  /** Ask for consent after the login (default false: Keycloak's default for confidential clients). */
  requireConsent?: boolean;
  /**
   * Changes to the oidc-provider configuration this helper builds (called on every rebuild, e.g. after `rotateKeys`):
   * more clients, features, token formats. The authorization server of the external AS tests is built this way.
   */
  configure?: (configuration: Record<string, any>) => Record<string, any>;
}

/**
 * What to do to the ID tokens the token endpoint answers (negative tests). oidc-provider itself always signs
 * correctly and echoes the `nonce`; this rewrites its answer like a faulty or hostile provider would.
 */
export interface IdTokenTampering {
  /** Claims set over the provider's, e.g. `{ aud: 'someone-else' }` or `{ nonce: 'other' }`; re-signed with its real key. */
  claims?: Record<string, unknown>;
  /** Re-sign with a key the provider never published, under the `kid` of its real key: the signature cannot verify. */
  foreignKey?: boolean;
}

export interface FollowLoginOptions {
  /** The account (`sub`) that logs in at the provider. */
  account: string;
  /** Cancel at the login prompt: the provider answers the client `error=access_denied`. */
  cancel?: boolean;
  /** The first URL starting with this is returned without being loaded (the wallet's redirect URI). */
  stopAt: string;
  /** Redirects and interactions followed at most (default 25). */
  maxSteps?: number;
  /** Extra headers on every request of the browser (e.g. `accept`). */
  headers?: Record<string, string>;
}

/** The browser got an answer that is neither a redirect nor a provider interaction (e.g. an issuer error page). */
export class BrowserStoppedError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
    readonly visited: string[],
  ) {
    super(`the browser stopped at ${status} ${url}: ${body.slice(0, 500)}\nvisited: ${visited.join('\n  ')}`);
    this.name = 'BrowserStoppedError';
  }
}

// The parts of oidc-provider 9 (ESM, no bundled types) that are used here.
interface OidcContext {
  path: string;
  method: string;
  status: number;
  body: unknown;
  oidc: {
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    params: Record<string, unknown>;
    result?: { consent?: { grantId?: string } };
    provider: OidcProvider;
  };
}
interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}
interface OidcInteraction {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
  params: Record<string, unknown>;
  session?: { accountId: string };
  grantId?: string;
}
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteraction>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: object): Promise<void>;
  Grant: { new (init: { accountId: string; clientId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
}
type ProviderClass = new (issuer: string, configuration: object) => OidcProvider;

const STANDARD_SCOPES = {
  openid: ['sub'],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** The provider's signing keys: private JWKs (RS256 first: the default ID token algorithm of OIDC clients). */
async function newSigningKeys(): Promise<JWK[]> {
  const keys: JWK[] = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}` });
  }
  return keys;
}

/**
 * A real OpenID provider for tests, standing in for Keycloak: oidc-provider 9 (OpenID certified) on 127.0.0.1 with
 * discovery, JWKS, the authorization code flow with PKCE, confidential clients, the standard profile/email claims in
 * the ID token and at userinfo, and `nonce` as OpenID Connect Core says. Its login and consent are small HTTP
 * routes (`/interaction/:uid`, `.../login`, `.../confirm`, `.../abort`) that `followLogin` drives like a browser.
 */
export class TestIdentityProvider {
  private handler!: (req: IncomingMessage, res: ServerResponse) => void;
  private provider!: OidcProvider;
  private tampering: IdTokenTampering | undefined;
  private readonly cookieKeys = [randomBytes(16).toString('hex')];

  private constructor(
    readonly issuer: string,
    private readonly options: TestIdentityProviderOptions,
    private keys: JWK[],
    private readonly Provider: ProviderClass,
    private readonly server: Server,
  ) {}

  static async start(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
    // oidc-provider is an ES module: Node 20.19+ loads it with require(); it warns that it wants Node 22.
    const moduleName = 'oidc-provider'; // a variable: the package has no type declarations for tsc to find
    const loaded = (await import(moduleName)) as { default: ProviderClass | { default: ProviderClass } };
    const Provider = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
    const port = await freePort();
    const server = createServer();
    const idp = new TestIdentityProvider(`http://127.0.0.1:${port}`, options, await newSigningKeys(), Provider, server);
    idp.build();
    server.on('request', (req, res) => void idp.route(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return idp;
  }

  /** `kid`s of the keys the provider signs with now (RS256 first). */
  get signingKeyIds(): string[] {
    return this.keys.slice(0, 2).map((k) => String(k.kid));
  }

  /**
   * JWKS rotation: new signing keys; the previous ones stay published (not used) when `keepPrevious`, as Keycloak
   * keeps a passive key. The provider instance is rebuilt with the new key set (its state is in oidc-provider's
   * process-wide memory adapter, so sessions and codes survive).
   */
  async rotateKeys(options: { keepPrevious?: boolean } = {}): Promise<string[]> {
    const previous = this.keys;
    this.keys = [...(await newSigningKeys()), ...(options.keepPrevious ? previous : [])];
    this.build();
    return this.signingKeyIds;
  }

  /** Rewrites the ID tokens of the token endpoint from now on (negative tests); `undefined` stops it. */
  tamperIdTokens(tampering: IdTokenTampering | undefined): void {
    this.tampering = tampering;
  }

  /**
   * A browser from `startUrl` (e.g. the wallet's authorization URL at the issuer): follows redirects with a cookie
   * jar (`fetch` with `redirect: 'manual'`), logs in as `account` at the provider and consents if asked (or cancels),
   * goes on through the issuer's `/idp-callback`, and returns the first URL starting with `stopAt`, not loaded.
   */
  async followLogin(startUrl: string, options: FollowLoginOptions): Promise<string> {
    const browser = new CookieBrowser(options.headers ?? {});
    let url = startUrl;
    for (let step = 0; step < (options.maxSteps ?? 25); step++) {
      if (url.startsWith(options.stopAt)) return url;
      const response = await browser.go(url);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url).href;
        continue;
      }
      const body = await response.text();
      const uid = url.startsWith(`${this.issuer}/interaction/`) ? /^\/interaction\/([^/?#]+)$/.exec(new URL(url).pathname)?.[1] : undefined;
      if (!uid || response.status !== 200) throw new BrowserStoppedError(url, response.status, body, browser.visited);
      const { prompt } = JSON.parse(body) as { prompt: string };
      const action = options.cancel ? 'abort' : prompt === 'login' ? 'login' : 'confirm';
      const answer = await browser.go(`${this.issuer}/interaction/${uid}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(action === 'login' ? { account: options.account } : {}).toString(),
      });
      const next = answer.headers.get('location');
      if (answer.status !== 303 || !next) throw new BrowserStoppedError(answer.url, answer.status, await answer.text(), browser.visited);
      url = new URL(next, url).href;
    }
    throw new Error(`no redirect to ${options.stopAt} within ${options.maxSteps ?? 25} steps (last: ${url})`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private build(): void {
    const { clients, accounts } = this.options;
    const requireConsent = this.options.requireConsent ?? false;
    const requirePkce = this.options.requirePkce ?? true;
    const configuration = {
      clients: clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: c.redirectUris,
        token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      })),
      jwks: { keys: this.keys },
      cookies: { keys: this.cookieKeys },
      claims: STANDARD_SCOPES,
      // Keycloak puts the claims of the granted scopes in the ID token too (not only at userinfo).
      conformIdTokenClaims: false,
      pkce: { required: () => requirePkce },
      ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
      features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx: unknown, sub: string) =>
        Object.hasOwn(accounts, sub) ? { accountId: sub, claims: () => ({ ...accounts[sub], sub }) } : undefined,
      // Without requireConsent, the login grants what was asked (the oidc-provider recipe for first-party clients).
      loadExistingGrant: async (ctx: OidcContext) => {
        const { oidc } = ctx;
        const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
        if (grantId) return oidc.provider.Grant.find(grantId);
        if (requireConsent) return undefined;
        const grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
        grant.addOIDCScope(String(oidc.params.scope ?? 'openid'));
        await grant.save();
        return grant;
      },
    };
    const provider = new this.Provider(this.issuer, this.options.configure ? this.options.configure(configuration) : configuration);
    provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: unknown } | undefined;
      if (this.tampering && ctx.path === '/token' && ctx.status === 200 && typeof body?.id_token === 'string')
        ctx.body = { ...body, id_token: await this.tamper(body.id_token, this.tampering) };
    });
    this.provider = provider;
    this.handler = provider.callback();
  }

  private async tamper(idToken: string, tampering: IdTokenTampering): Promise<string> {
    const header = decodeProtectedHeader(idToken);
    const payload = { ...decodeJwt(idToken), ...tampering.claims };
    let key = this.keys.find((k) => k.kid === header.kid);
    if (!key) throw new Error(`the provider has no key ${header.kid}`);
    if (tampering.foreignKey) {
      const { privateKey } = await generateKeyPair(String(header.alg), { extractable: true });
      key = await exportJWK(privateKey);
    }
    return new SignJWT(payload).setProtectedHeader(header as never).sign(await importJWK(key, String(header.alg)));
  }

  /** The query parameters of every authorization request the provider received, oldest first. */
  readonly authorizationRequests: URLSearchParams[] = [];

  /** While true, every request gets a 503, as from a provider down for maintenance (discovery and JWKS included). */
  unavailable = false;

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.unavailable) return json(res, 503, { error: 'temporarily_unavailable' });
    const url = new URL(req.url ?? '/', this.issuer);
    if (req.method === 'GET' && url.pathname === '/auth') this.authorizationRequests.push(url.searchParams);
    const match = /^\/interaction\/([^/?#]+)(?:\/(login|confirm|abort))?(?:\?.*)?$/.exec(req.url ?? '');
    if (!match) return this.handler(req, res);
    try {
      const details = await this.provider.interactionDetails(req, res);
      if (details.uid !== match[1]) return json(res, 400, { error: 'interaction mismatch' });
      const action = match[2];
      if (!action) {
        if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
        return json(res, 200, {
          uid: details.uid,
          prompt: details.prompt.name,
          client_id: details.params.client_id,
          scope: details.params.scope,
        });
      }
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      const form = new URLSearchParams(await readBody(req));
      if (action === 'abort')
        return this.provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'End-User aborted interaction' },
          { mergeWithLastSubmission: false },
        );
      if (action === 'login') {
        const account = form.get('account') ?? '';
        if (details.prompt.name !== 'login') return json(res, 400, { error: `the prompt is ${details.prompt.name}` });
        if (!Object.hasOwn(this.options.accounts, account)) return json(res, 401, { error: `unknown account ${account}` });
        return this.provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
      }
      if (details.prompt.name !== 'consent' || !details.session) return json(res, 400, { error: `the prompt is ${details.prompt.name}` });
      const grant =
        (details.grantId ? await this.provider.Grant.find(details.grantId) : undefined) ??
        new this.provider.Grant({ accountId: details.session.accountId, clientId: String(details.params.client_id) });
      if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
      if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
      const grantId = await grant.save();
      return this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (error) {
      if (!res.headersSent) json(res, 400, { error: (error as Error).message });
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 65_536) throw new Error('body too large');
  }
  return body;
}
