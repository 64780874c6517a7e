import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { AdminClient, launchSystemChromium, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { openConsole, signInWithKey, type PageProblems } from './console/console-browser';
import { ConsoleScreenshots } from './console/console-screenshots';
import { readQrCode } from './console/qr-reader';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER_ID = 'console-university';
const KEY_NAME = 'university-signing';

/**
 * The console's promise (issue 16): a new user opens /console, creates a key, an issuer, a profile and an offer in the
 * browser without touching curl, a wallet scans the QR code and gets the credential while the session page turns
 * SUCCESSFUL live, and the credential is revoked from the console. Debian's Chromium drives the console; the QR code
 * is read from a screenshot with jsQR; the wallet is @openid4vc/openid4vci (TestWallet); the status list is read with
 * @sd-jwt/jwt-status-list after checking its signature with jose. Every page must run without a CSP violation or an
 * uncaught error.
 */
describe(`admin console in a browser (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const screenshots = new ConsoleScreenshots();
  let offerLink = '';
  let txCode = '';
  let credential = '';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    browser = await launchSystemChromium();
    ({ page, problems } = await openConsole(browser, platform.baseUrl));
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('signs in with the admin key and leads a fresh installation to its first issuer', async () => {
    await signInWithKey(page, platform.adminKey);
    await page.getByRole('link', { name: 'Create your first issuer' }).waitFor();
    await screenshots.take(page, 'dashboard-fresh');
  });

  it('creates a signing key', async () => {
    await navigateTo(page, 'Keys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(KEY_NAME);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('cell', { name: KEY_NAME }).first().waitFor();
    const keys = await admin.get('/api/v1/keys');
    assert.ok(
      (keys.body.items as { name?: string }[]).some((k) => k.name === KEY_NAME),
      'the key exists in the API',
    );
  });

  it('creates an issuer with an SD-JWT VC configuration from a template, and previews it as a wallet shows it', async () => {
    await navigateTo(page, 'Issuers');
    await page.getByRole('link', { name: 'New issuer' }).first().click();
    await page.getByLabel('Issuer id').fill(ISSUER_ID);
    await page.getByLabel('Issuer name').fill('Console University');
    await page.getByRole('button', { name: 'Add credential configuration' }).click();
    await page.getByRole('menuitem', { name: /^SD-JWT VC/ }).click();
    await page.getByTestId('configuration-identity_sd_jwt').waitFor();
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await page.getByRole('heading', { name: 'Console University' }).waitFor();

    const issuer = await admin.get(`/api/v1/issuers/${ISSUER_ID}`);
    assert.equal(issuer.status, 200);
    assert.equal(issuer.body.credentialConfigurations.identity_sd_jwt.format, 'dc+sd-jwt');

    await page.getByRole('tab', { name: 'Wallet preview' }).click();
    await page.getByTestId('wallet-card').first().waitFor();
    assert.match(await page.getByTestId('wallet-card').first().innerText(), /Identity credential/);
    await screenshots.take(page, 'issuer-wallet-preview');
  });

  it('creates a revocable profile with credential data', async () => {
    await page.goto(`/console/issuers/${ISSUER_ID}/profiles/new`);
    const form = page.getByRole('form', { name: 'New profile' });
    await form.waitFor();
    await form.getByRole('textbox', { name: /^Name/ }).fill('Student card');
    await selectOption(page, 'Credential configuration', /identity_sd_jwt/);
    await selectOption(page, 'Signing key', new RegExp(KEY_NAME));
    await replaceJson(page, 'Credential data', {
      given_name: 'Ada',
      family_name: 'Lovelace',
      address: { locality: 'London', country: 'GB' },
    });
    await form.getByLabel('Give every credential a status list entry (revocable)').check();
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('link', { name: 'Create offer' }).waitFor();
    await screenshots.take(page, 'profile');

    const profiles = await admin.get(`/api/v1/issuers/${ISSUER_ID}/profiles`);
    const [profile] = profiles.body.items as { credentialData: Record<string, unknown>; credentialStatus?: unknown }[];
    assert.equal(profile?.credentialData.given_name, 'Ada');
    assert.ok(profile?.credentialStatus, 'the profile gives credentials a status entry');
  });

  it('creates an offer whose QR code, read from a screenshot, is the deep link, with the tx code to hand over', async () => {
    await page.getByRole('link', { name: 'Create offer' }).click();
    await page.getByRole('form', { name: 'Create an offer' }).waitFor();
    await page.getByRole('button', { name: 'Create offer' }).click();
    const qr = page.getByTestId('offer-qr');
    await qr.waitFor();
    offerLink = (await page.getByTestId('offer-link').innerText()).trim();
    txCode = (await page.getByTestId('offer-tx-code').innerText()).trim();
    assert.match(offerLink, /^openid-credential-offer:\/\/\?credential_offer_uri=/);
    assert.match(txCode, /^\d{6}$/);
    assert.equal(readQrCode(await qr.screenshot()), offerLink, 'the QR code decodes to the deep link');
    await screenshots.take(page, 'offer-qr');
  });

  it('watches the session turn SUCCESSFUL live while a wallet redeems the offer', async () => {
    await page.getByRole('link', { name: 'Open session' }).click();
    await page.getByTestId('stream-status').filter({ hasText: 'Live' }).waitFor();
    assert.equal((await page.getByTestId('session-status').innerText()).trim(), 'ACTIVE');

    // The wallet uses what the holder has: the scanned QR code and the tx code from another channel.
    const result = await new TestWallet().preAuthorizedFlow(offerLink, { txCode });
    credential = result.credentials[0]!;
    const issuerUrl = `${platform.baseUrl}/issuers/${ISSUER_ID}`;
    const jwks = (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: JWK[] };
    const verified = await verifySdJwtVc(credential, jwks, { iss: issuerUrl });
    assert.equal(verified.claims.given_name, 'Ada');

    // No reload: the page learns it over its event stream.
    await page.getByTestId('session-status').filter({ hasText: 'SUCCESSFUL' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-event="credential_request_sd_jwt_vc_succeeded"]').first().waitFor();
    await screenshots.take(page, 'session-live');
  });

  it('revokes the credential from the session page, and the status list says so', async () => {
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('credential-status').filter({ hasText: 'REVOKED' }).waitFor();
    await screenshots.take(page, 'session-revoked');

    const { status } = decodeJwt(credential.split('~')[0]!) as { status: { status_list: { idx: number; uri: string } } };
    const jwks = (await (await fetch(`${platform.baseUrl}/issuers/${ISSUER_ID}/jwks`)).json()) as { keys: JWK[] };
    // The list is re-signed within its publish interval (STATUS_LIST_PUBLISH_INTERVAL_MS), not inside the revoke request.
    await waitFor('the signed list to say INVALID (revoked)', async () => {
      const list = await fetch(status.status_list.uri, { headers: { accept: 'application/statuslist+jwt' } });
      assert.equal(list.status, 200);
      const token = await list.text();
      await jwtVerify(token, createLocalJWKSet(jwks), { typ: 'statuslist+jwt' });
      return getListFromStatusListJWT(token).getStatus(status.status_list.idx) === 1;
    });
  });

  it('shows the issuance on the dashboard and the sessions list, also on a tablet', async () => {
    await navigateTo(page, 'Dashboard');
    await page.getByTestId('issued-total').filter({ hasText: '1' }).waitFor();
    await screenshots.take(page, 'dashboard');
    await navigateTo(page, 'Sessions');
    await page.getByRole('cell', { name: 'SUCCESSFUL' }).first().waitFor();
    await screenshots.take(page, 'sessions');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`/console/issuers/${ISSUER_ID}`);
    await page.getByRole('heading', { name: 'Console University' }).waitFor();
    await screenshots.take(page, 'issuer-tablet');
  });

  it('ran every page without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems.errors, []);
  });
});

/** Follows an entry of the side navigation (pages have links of the same names in their content). */
async function navigateTo(page: Page, entry: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: entry, exact: true }).click();
}

/** Picks an option of a Mantine Select by its label. */
async function selectOption(page: Page, label: string, option: RegExp): Promise<void> {
  await page
    .getByRole('textbox', { name: label })
    .or(page.getByRole('combobox', { name: label }))
    .first()
    .click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Replaces the content of a JSON editor (CodeMirror) with `value`, typed as a person would paste it. */
async function replaceJson(page: Page, label: string, value: unknown): Promise<void> {
  const editor = page.getByRole('textbox', { name: label, exact: true });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify(value, null, 2));
}
