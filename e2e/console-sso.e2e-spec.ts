import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { freePort, launchSystemChromium, startTarget, type RunningPlatform } from '@issuer/testing';
import { openConsole } from './console/console-browser';
import { TestAuthorizationServer } from './test-authorization-server';

const target = process.env.E2E_TARGET ?? 'standalone';
const AUDIENCE = 'https://issuer-platform.example/admin-api';
const ACCOUNTS = {
  root: { name: 'Rita Root', realm_access: { roles: ['platform-admin'] } },
  'viewer-acme': { name: 'Victor Viewer', realm_access: { roles: ['viewer'] }, issuers: ['acme'] },
};

/**
 * Console sign-in with the company's identity provider (issue 16 item 1) in a real browser: the console is a public
 * client doing the authorization code flow with PKCE S256 (oauth4webapi), asking for the admin API as resource
 * (RFC 8707); oidc-provider stands in for Keycloak, its login answered through the browser's own cookie jar. The
 * access token then opens the admin API with the roles the provider gave (ADMIN_OIDC_*).
 */
describe(`console single sign-on (${target})`, () => {
  let platform: RunningPlatform;
  let idp: TestAuthorizationServer;
  let browser: Browser;
  let consoleUrl: string;

  before(async () => {
    // The redirect URI is registered at the provider before the platform starts, so its port is chosen here.
    const port = await freePort();
    consoleUrl = `http://localhost:${port}/console`;
    idp = await TestAuthorizationServer.start({
      accounts: ACCOUNTS,
      wallet: { clientId: 'issuer-console', redirectUris: [`${consoleUrl}/sso-callback`] },
      resourceServers: { [AUDIENCE]: { format: 'jwt', scope: 'admin' } },
    });
    platform = await startTarget({
      PORT: String(port),
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      ADMIN_OIDC_ISSUER: idp.issuer,
      ADMIN_OIDC_AUDIENCE: AUDIENCE,
      ADMIN_OIDC_ROLES_CLAIM: 'realm_access.roles',
      ADMIN_OIDC_CONSOLE_CLIENT_ID: 'issuer-console',
      ADMIN_OIDC_CONSOLE_SCOPE: 'openid profile admin',
      ADMIN_OIDC_CONSOLE_NAME: 'Test IdP',
    });
    browser = await launchSystemChromium();
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
    await idp?.stop();
  });

  /** Clicks the provider button, logs in (or cancels) at the provider, and returns the page back on the console. */
  async function signInAtProvider(account: keyof typeof ACCOUNTS, options: { cancel?: boolean } = {}) {
    const session = await openConsole(browser, platform.baseUrl);
    const authorizationRequests: URL[] = [];
    session.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === new URL(idp.issuer).origin && url.pathname === '/auth') authorizationRequests.push(url);
    });
    await session.page.goto('/console/');
    await session.page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await session.page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/interaction/`));
    const uid = new URL(session.page.url()).pathname.split('/').pop();
    // The provider's login form, posted with the browser's cookies (its own interaction session).
    const answer = await session.context.request.post(`${idp.issuer}/interaction/${uid}/${options.cancel ? 'abort' : 'login'}`, {
      form: options.cancel ? {} : { account },
      maxRedirects: 0,
    });
    assert.equal(answer.status(), 303, await answer.text());
    await session.page.goto(answer.headers()['location']!);
    return { ...session, authorizationRequests };
  }

  it('signs in at the provider with PKCE, and the token opens the admin API with the roles the provider gave', async () => {
    const { page, context, problems, authorizationRequests } = await signInAtProvider('root');
    await page.getByTestId('principal').waitFor();
    assert.match(await page.getByTestId('principal').innerText(), /Rita Root · platform-admin/);
    assert.match(new URL(page.url()).pathname, /^\/console\/?$/);

    const [request] = authorizationRequests;
    assert.ok(request, 'the browser went to the authorization endpoint');
    assert.equal(request.searchParams.get('client_id'), 'issuer-console');
    assert.equal(request.searchParams.get('code_challenge_method'), 'S256');
    assert.match(request.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.equal(request.searchParams.get('resource'), AUDIENCE);
    assert.equal(request.searchParams.get('redirect_uri'), `${consoleUrl}/sso-callback`);

    // What the console keeps: the access token in this tab's sessionStorage, nothing in localStorage or cookies.
    // Evaluated in the page (as a string: this file is compiled without the DOM's types).
    const stored = await page.evaluate<{ session: string | null; local: string }>(
      "({ session: sessionStorage.getItem('issuer-console.credential'), local: Object.values(localStorage).join(' ') })",
    );
    const credential = JSON.parse(stored.session ?? '{}') as { kind?: string; accessToken?: string };
    assert.ok(credential.accessToken && !stored.local.includes(credential.accessToken), 'the token is not in localStorage');
    assert.equal(credential.kind, 'sso');
    const me = await fetch(`${platform.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${credential.accessToken}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(((await me.json()) as { roles: string[] }).roles, ['platform-admin']);
    assert.deepEqual(
      (await context.cookies(platform.baseUrl)).map((c) => c.name),
      [],
      'the console sets no cookie',
    );
    assert.deepEqual(problems.errors, []);
    await context.close();
  });

  it('a person with a narrower role is signed in with that role only', async () => {
    const { page, context, problems } = await signInAtProvider('viewer-acme');
    await page.getByTestId('principal').waitFor();
    assert.match(await page.getByTestId('principal').innerText(), /Victor Viewer · viewer/);
    assert.deepEqual(problems.errors, []);
    await context.close();
  });

  it('a login cancelled at the provider signs nobody in and says so', async () => {
    const { page, context } = await signInAtProvider('root', { cancel: true });
    await page.getByText('Sign-in failed').waitFor();
    assert.equal(await page.evaluate<string | null>("sessionStorage.getItem('issuer-console.credential')"), null);
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
    await context.close();
  });
});
