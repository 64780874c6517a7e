import { createServer, type Server } from 'node:http';
import { freePort } from '@issuer/testing';

/** An account of the test provider: its `sub` and the claims it releases (in the ID token and at userinfo). */
export type TestAccounts = Record<string, Record<string, unknown>>;

/**
 * A real OpenID provider for the tests, standing in for Keycloak: `oidc-provider` (certified) on 127.0.0.1 with a
 * confidential client for the issuer, the standard profile claims in the ID token, and its development
 * interactions (login and consent forms) driven over HTTP by `followLogin`.
 */
export class TestIdentityProvider {
  private constructor(
    readonly issuer: string,
    private readonly server: Server,
  ) {}

  static async start(options: { redirectUris: string[]; accounts: TestAccounts; clientId?: string; clientSecret?: string }) {
    // oidc-provider is an ES module; the e2e layer is compiled to CommonJS.
    const moduleName = 'oidc-provider'; // untyped; the variable keeps tsc from looking for its declarations
    const { default: Provider } = (await import(moduleName)) as { default: new (issuer: string, config: object) => { callback(): never } };
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: options.clientId ?? 'issuer',
          client_secret: options.clientSecret ?? 'issuer-secret-for-tests',
          redirect_uris: options.redirectUris,
        },
      ],
      findAccount: (_ctx: unknown, id: string) =>
        options.accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...options.accounts[id] }) } : undefined,
      claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'birthdate'], email: ['email'] },
      // Keycloak puts the requested profile claims in the ID token too.
      conformIdTokenClaims: false,
      cookies: { keys: ['test-identity-provider'] },
      pkce: { required: () => true },
    });
    const server = createServer(provider.callback());
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new TestIdentityProvider(issuer, server);
  }

  /**
   * A browser from `startUrl` (the issuer's /authorize): follows redirects with a cookie jar, logs in as
   * `account` and consents (or cancels at the login form), and returns the first URL that starts with `stopAt`
   * (the wallet's redirect URI) without loading it.
   */
  async followLogin(startUrl: string, options: { account: string; cancel?: boolean; stopAt: string }): Promise<string> {
    const jar = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res;
    };
    let url = startUrl;
    for (let step = 0; step < 20; step++) {
      if (url.startsWith(options.stopAt)) return url;
      const res = await go(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const page = await res.text();
      const uid = url.startsWith(this.issuer) ? /\/interaction\/([^/?#]+)/.exec(url)?.[1] : undefined;
      if (!uid) throw new Error(`the browser stopped at ${res.status} ${url}: ${page.slice(0, 300)}`);
      if (options.cancel) {
        url = new URL((await go(`${this.issuer}/interaction/${uid}/abort`)).headers.get('location')!, url).href;
        continue;
      }
      const form: Record<string, string> = page.includes('name="login"')
        ? { prompt: 'login', login: options.account, password: 'any' }
        : { prompt: 'consent' };
      const answer = await go(`${this.issuer}/interaction/${uid}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      url = new URL(answer.headers.get('location')!, url).href;
    }
    throw new Error(`no redirect to ${options.stopAt} after 20 steps (last: ${url})`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
