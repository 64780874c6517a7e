import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  AdminClient,
  HaipWallet,
  launchSystemChromium,
  pkceChallenge,
  pkceVerifier,
  startTarget,
  type RunningPlatform,
} from '@issuer/testing';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'pwd';
const REDIRECT = 'https://wallet.example/cb';
const WALLET_ORIGIN = new URL(REDIRECT).origin;
const SD = 'employee_sd_jwt';
const PASSWORD = 'correct horse battery staple';
const INVALID_EN = 'The username or password is not correct, or the account is locked for a while after too many failed attempts.';

/**
 * The `PASSWORD` login of API.md §11 in a real browser (Debian's Chromium driven by playwright-core) with an
 * independent wallet (`@openid4vc/openid4vci` / `@openid4vc/oauth2` through HaipWallet): the users admin API, the
 * login page (branding, English and German, headers), a wrong password (form again, session ACTIVE), the lockout,
 * cancel (REJECTED_BY_USER), success → code → token → SD-JWT VC carrying the user's claims and username through
 * `idTokenClaimsMapping`, the CSRF token and per-address throttling. The browser reaches only the platform on
 * loopback: the wallet's redirect URI is answered inside the browser, every other host is unresolvable.
 */
describe(`password login in a browser (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let browser: Browser;
  let ci: string;
  let profileId: string;

  before(async () => {
    browser = await launchSystemChromium();
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    ci = `${platform.baseUrl}/issuers/${ISSUER_ID}`;

    const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const issuer = await admin.post('/api/v1/issuers', {
      id: ISSUER_ID,
      display: [
        { name: 'ACME Corp', locale: 'en', logo: { uri: 'https://acme.example/logo.png', alt_text: 'ACME logo' } },
        { name: 'ACME GmbH', locale: 'de', logo: { uri: 'https://acme.example/logo-de.png', alt_text: 'ACME Logo' } },
      ],
      credentialConfigurations: {
        [SD]: {
          format: 'dc+sd-jwt',
          scope: 'employee',
          cryptographic_binding_methods_supported: ['jwk'],
          credential_signing_alg_values_supported: ['ES256'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
          credential_metadata: { display: [{ name: 'Employee', locale: 'en' }] },
        },
      },
      authorization: { requirePar: true, redirectUris: [REDIRECT] },
    });
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
    const profile = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles`, {
      name: 'Employee by password',
      credentialConfigurationId: SD,
      issuerKeyId: key.body.keyId,
      credentialData: { given_name: 'placeholder', family_name: 'placeholder', login: 'placeholder', employer: 'ACME' },
      selectiveDisclosure: { fields: { family_name: { sd: true } } },
      authentication: { method: 'PASSWORD' },
      idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name', '$.username': '$.login' },
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    profileId = profile.body.profileId;
    for (const username of ['ada', 'grace', 'bob', 'carl', 'dora', 'otto'])
      assert.equal((await createUser(username)).status, 201, username);
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  function createUser(username: string, password = PASSWORD) {
    return admin.post(`/api/v1/issuers/${ISSUER_ID}/users`, {
      username,
      password,
      claims: { given_name: `${username[0]!.toUpperCase()}${username.slice(1)}`, family_name: 'Example', department: 'R&D' },
    });
  }

  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${ISSUER_ID}/sessions/${sessionId}`)).body;

  /**
   * A browser tab that reaches only the platform: the wallet's redirect URI and every other foreign host (the issuer
   * logo) fail (routes here, unresolvable names underneath). The wallet's URLs the browser went to are recorded.
   */
  async function newPage(): Promise<{ context: BrowserContext; page: Page; walletRequests: string[] }> {
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return route.abort('addressunreachable');
      return route.continue();
    });
    const page = await context.newPage();
    const walletRequests: string[] = [];
    // A redirect is followed without a route call: the wallet's request fails at name resolution, seen here.
    page.on('request', (request) => {
      if (new URL(request.url()).origin === WALLET_ORIGIN) walletRequests.push(request.url());
    });
    return { context, page, walletRequests };
  }

  /** Offer → PAR (issuer_state) by the wallet → the browser opens /authorize and lands on the login form. */
  async function openLogin(options: { state?: string } = {}) {
    const offer = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profileId}/offers`, { authMethod: 'AUTHORIZED' });
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    const wallet = await HaipWallet.create({ redirectUri: REDIRECT });
    const { start } = await wallet.parFromOffer(offer.body.credentialOffer, options.state ? { state: options.state } : {});
    const { context, page, walletRequests } = await newPage();
    const response = await page.goto(wallet.authorizationUrl(start));
    assert.ok(response, 'the browser got an answer');
    assert.equal(response.status(), 200);
    assert.match(page.url(), new RegExp(`^${ci}/login/[A-Za-z0-9_-]{43}$`), 'redirected to the login form');
    return { sessionId: offer.body.sessionId as string, wallet, start, context, page, response, walletRequests };
  }

  /**
   * Fills the form and presses a button; resolves once the next page has loaded: the form again (`status` of the
   * post), or, for a 302, the wallet's redirect URI (`location`), which the browser must then have gone to (the
   * page's CSP `form-action` allows that redirect).
   */
  async function submit(
    tab: { page: Page; walletRequests: string[] },
    action: 'login' | 'cancel',
    credentials?: { username: string; password: string },
  ): Promise<{ status: number; location?: string }> {
    const { page } = tab;
    if (credentials) {
      await page.getByLabel(/^(Username|Benutzername)$/).fill(credentials.username);
      await page.getByLabel(/^(Password|Passwort)$/).fill(credentials.password);
    }
    const name = action === 'login' ? /^(Log in|Anmelden)$/ : /^(Cancel|Abbrechen)$/;
    const loaded = page.waitForEvent('load');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${ci}/login/`));
    await page.getByRole('button', { name }).click();
    const response = await posted;
    await loaded;
    if (response.status() !== 302) return { status: response.status() };
    const location = response.headers()['location']!;
    assert.ok(tab.walletRequests.includes(location), `the browser went on to the wallet: ${location}`);
    return { status: 302, location };
  }

  /** The wallet's redirect URI reached after a post, as a URL. */
  function atWallet(answer: { status: number; location?: string }): URL {
    assert.equal(answer.status, 302, 'redirected');
    const url = new URL(answer.location!);
    assert.equal(url.origin + url.pathname, REDIRECT);
    return url;
  }

  const alertText = async (page: Page) => (await page.getByRole('alert').textContent())?.trim();

  it('users API: no password or hash in any answer, 409 for a taken username, 400 naming a short password, PUT, DELETE', async () => {
    const base = `/api/v1/issuers/${ISSUER_ID}/users`;
    const created = await admin.post(base, { username: 'temp.user@example.com', password: 'a long enough one', claims: { x: 1 } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body).sort(), ['claims', 'createdAt', 'updatedAt', 'username']);
    assert.deepEqual(created.body.claims, { x: 1 });
    const duplicate = await admin.post(base, { username: 'temp.user@example.com', password: 'another long one' });
    assert.equal(duplicate.status, 409);
    assert.match(duplicate.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(duplicate.body.errors?.[0]?.path, 'username');
    const short = await admin.post(base, { username: 'shorty', password: 'elevenchars' });
    assert.equal(short.status, 400);
    assert.match(short.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.deepEqual(
      short.body.errors.map((e: { path: string }) => e.path),
      ['password'],
    );
    const withHash = await admin.post(base, { username: 'sneaky', password: 'a long enough one', passwordHash: '$argon2id$x' });
    assert.equal(withHash.status, 400, 'unknown members are refused');

    const updated = await admin.put(`${base}/temp.user@example.com`, { claims: { x: 2 }, password: 'a brand new password' });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body.claims, { x: 2 });
    assert.ok(updated.body.updatedAt >= created.body.updatedAt);
    const one = await admin.get(`${base}/temp.user@example.com`);
    assert.equal(one.status, 200);
    const list = await admin.get(base);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((u: { username: string }) => u.username === 'temp.user@example.com'));
    for (const answer of [created, updated, one, list]) {
      const text = JSON.stringify(answer.body);
      assert.ok(!/password|argon2|hash/i.test(text), `no password or hash in ${text}`);
    }
    assert.equal((await admin.delete(`${base}/temp.user@example.com`)).status, 204);
    assert.equal((await admin.get(`${base}/temp.user@example.com`)).status, 404);
    assert.equal((await admin.delete(`${base}/temp.user@example.com`)).status, 404);
    assert.equal((await admin.put(`${base}/nobody`, { claims: {} })).status, 404);
    assert.equal((await admin.get('/api/v1/issuers/no-such-issuer/users')).status, 404);
    assert.equal((await admin.post('/api/v1/issuers/no-such-issuer/users', { username: 'u', password: PASSWORD })).status, 404);
    assert.equal((await new AdminClient(platform.baseUrl, undefined).get(base)).status, 401);
  });

  it('logs in, and the credential carries the user claims and username through idTokenClaimsMapping', async () => {
    const tab = await openLogin({ state: 'wallet-state' });
    const { sessionId, wallet, start, context, page, response } = tab;
    const headers = response.headers();
    assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.match(headers['content-security-policy'] ?? '', /form-action 'self' https:\/\/wallet\.example;/);
    assert.doesNotMatch(headers['content-security-policy'] ?? '', /script-src|unsafe-inline/);
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('.issuer').textContent(), 'ACME Corp');
    assert.equal(await page.locator('header img').getAttribute('src'), 'https://acme.example/logo.png');
    assert.equal(await page.locator('header img').getAttribute('alt'), 'ACME logo');
    assert.equal(await page.getByLabel('Username').getAttribute('autocomplete'), 'username');
    assert.equal(await page.getByLabel('Password').getAttribute('autocomplete'), 'current-password');
    assert.equal(await page.locator('script').count(), 0);

    const redirect = atWallet(await submit(tab, 'login', { username: 'ada', password: PASSWORD }));
    const authorization = await wallet.authorizationResponse(start, redirect.href); // iss (RFC 9207) and state checked
    assert.equal(authorization.state, 'wallet-state');
    await context.close();
    const { accessTokenResponse, dpop } = await wallet.token(start, authorization.code!);
    const { credential } = await wallet.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: SD, dpop });
    const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: never[] };
    const { claims } = await verifySdJwtVc(credential, jwks, { iss: ci });
    assert.equal(claims.given_name, 'Ada');
    assert.equal(claims.family_name, 'Example');
    assert.equal(claims.login, 'ada', 'the username reaches the credential');
    assert.equal(claims.employer, 'ACME', 'unmapped data stays');
    assert.equal(claims.department, undefined, 'only mapped claims go into the credential');
    const done = await session(sessionId);
    assert.equal(done.status, 'SUCCESSFUL');
    assert.equal(done.credentials.length, 1);
  });

  it('a wrong password shows the form again with an error; the session stays ACTIVE and the login pending', async () => {
    const tab = await openLogin();
    const { sessionId, wallet, start, context, page } = tab;
    const loginUrl = page.url();
    assert.equal((await submit(tab, 'login', { username: 'grace', password: 'not the password' })).status, 200);
    assert.equal(page.url(), loginUrl, 'the form again, at the same login');
    assert.equal(await alertText(page), INVALID_EN);
    assert.equal(await page.getByLabel('Username').inputValue(), 'grace', 'the username is kept');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not');
    assert.equal(await page.getByLabel('Password').getAttribute('aria-describedby'), 'login-error');
    assert.equal((await session(sessionId)).status, 'ACTIVE');

    assert.equal((await submit(tab, 'login', { username: 'nobody-here', password: 'not the password' })).status, 200);
    assert.equal(await alertText(page), INVALID_EN, 'an unknown user gets the same message');
    assert.equal((await session(sessionId)).status, 'ACTIVE');

    const redirect = atWallet(await submit(tab, 'login', { username: 'grace', password: PASSWORD }));
    assert.ok(await wallet.codeFrom(start, redirect.href), 'the same login still ends with a code');
    await context.close();
  });

  it('locks a user after five failures in a row: that login ends, and even the right password fails until a new one is set', async () => {
    const first = await openLogin();
    for (let i = 1; i <= 4; i++) {
      await submit(first, 'login', { username: 'bob', password: `wrong password ${i}` });
      assert.equal(await alertText(first.page), INVALID_EN, `failure ${i}`);
    }
    assert.equal((await session(first.sessionId)).status, 'ACTIVE');
    // The fifth failure ends the login.
    const refused = atWallet(await submit(first, 'login', { username: 'bob', password: 'wrong password 5' }));
    assert.equal(refused.searchParams.get('error'), 'access_denied');
    assert.equal(refused.searchParams.get('code'), null);
    assert.equal((await session(first.sessionId)).status, 'UNSUCCESSFUL');
    await first.context.close();

    // Another session: bob is locked now, so his right password is refused like a wrong one.
    const second = await openLogin();
    await submit(second, 'login', { username: 'bob', password: PASSWORD });
    assert.equal(await alertText(second.page), INVALID_EN);
    assert.equal((await session(second.sessionId)).status, 'ACTIVE');
    // An operator sets a new password: the lock is lifted.
    const reset = await admin.put(`/api/v1/issuers/${ISSUER_ID}/users/bob`, { password: 'a fresh password for bob' });
    assert.equal(reset.status, 200);
    const redirect = atWallet(await submit(second, 'login', { username: 'bob', password: 'a fresh password for bob' }));
    assert.ok(await second.wallet.codeFrom(second.start, redirect.href));
    await second.context.close();
  });

  it('cancel: the wallet gets access_denied with its state and iss, the session is REJECTED_BY_USER', async () => {
    const tab = await openLogin({ state: 'cancel-state' });
    const answer = atWallet(await submit(tab, 'cancel'));
    assert.equal(answer.searchParams.get('error'), 'access_denied');
    assert.equal(answer.searchParams.get('state'), 'cancel-state');
    assert.equal(answer.searchParams.get('iss'), ci);
    assert.equal(answer.searchParams.get('code'), null);
    const ended = await session(tab.sessionId);
    assert.equal(ended.status, 'REJECTED_BY_USER');
    assert.deepEqual(ended.credentials, []);
    await tab.context.close();
  });

  it('speaks German for ui_locales=de (page, issuer display, errors)', async () => {
    const offer = await admin.post(`/api/v1/issuers/${ISSUER_ID}/profiles/${profileId}/offers`, { authMethod: 'AUTHORIZED' });
    const wallet = await HaipWallet.create({ redirectUri: REDIRECT });
    const issuerState = (await wallet.resolveOffer(offer.body.credentialOffer)).grants?.authorization_code?.issuer_state;
    const par = await wallet.rawForm(ci, '/par', {
      response_type: 'code',
      client_id: wallet.clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkceChallenge(pkceVerifier()),
      code_challenge_method: 'S256',
      issuer_state: issuerState!,
      ui_locales: 'de-DE en',
      state: 'de-state',
    });
    assert.equal(par.status, 201, JSON.stringify(par.body));
    const tab = await newPage();
    const { context, page } = tab;
    const authorize = new URL(`${ci}/authorize`);
    authorize.search = new URLSearchParams({ client_id: wallet.clientId, request_uri: par.body.request_uri }).toString();
    await page.goto(authorize.href);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.locator('h1').textContent(), 'Anmelden');
    assert.equal(await page.locator('.issuer').textContent(), 'ACME GmbH');
    assert.equal(await page.locator('header img').getAttribute('src'), 'https://acme.example/logo-de.png');
    await submit(tab, 'login', { username: 'carl', password: 'falsches Passwort' });
    assert.match((await alertText(page)) ?? '', /^Benutzername oder Passwort ist nicht korrekt/);
    const cancelled = atWallet(await submit(tab, 'cancel'));
    assert.equal(cancelled.searchParams.get('error'), 'access_denied');
    assert.equal(cancelled.searchParams.get('state'), 'de-state');
    assert.equal((await session(offer.body.sessionId)).status, 'REJECTED_BY_USER');
    await context.close();
  });

  it('refuses a post without the CSRF token (403, the form again) and an unknown login (400 page); the login stays pending', async () => {
    const tab = await openLogin();
    const { sessionId, context, page } = tab;
    const loginUrl = page.url();
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(loginUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const noToken = await post({ action: 'login', username: 'dora', password: PASSWORD });
    assert.equal(noToken.status, 403);
    assert.match(await noToken.text(), /role="alert">This form has expired/);
    const token = await page.locator('input[name="csrf_token"]').inputValue();
    const crossSite = await post(
      { action: 'login', username: 'dora', password: PASSWORD, csrf_token: token },
      { 'sec-fetch-site': 'cross-site' },
    );
    assert.equal(crossSite.status, 403, 'a post from another site');
    const unknown = await fetch(`${ci}/login/${'A'.repeat(43)}`, { headers: { accept: 'text/html' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(unknown.headers.get('x-frame-options'), 'DENY');
    assert.equal((await session(sessionId)).status, 'ACTIVE');

    // The form in the browser still works: the login was not consumed by the refused posts.
    assert.ok(atWallet(await submit(tab, 'login', { username: 'dora', password: PASSWORD })).searchParams.get('code'));
    await context.close();
  });

  // Last: it uses up this client address's attempts.
  it('throttles login posts per client address: 429 with Retry-After and the form, the login stays pending', async () => {
    const { sessionId, context, page } = await openLogin();
    const loginUrl = page.url();
    let throttled: Response | undefined;
    // Each replica counts on its own (in memory): in cluster mode the limit is reached once per replica.
    for (let i = 0; i < 200 && !throttled; i++) {
      const answer = await fetch(loginUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action: 'login', username: 'otto', password: 'guess number ' + i }).toString(),
      });
      assert.ok(answer.status === 403 || answer.status === 429, `${answer.status}`);
      if (answer.status === 429) throttled = answer;
      else await answer.arrayBuffer();
    }
    assert.ok(throttled, 'throttled within 200 posts');
    assert.ok(Number(throttled.headers.get('retry-after')) > 0);
    assert.match(await throttled.text(), /role="alert">Too many login attempts from your network/);
    assert.equal((await session(sessionId)).status, 'ACTIVE');
    await context.close();
  });
});
