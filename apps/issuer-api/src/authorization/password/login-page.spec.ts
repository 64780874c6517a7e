import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import { loginPageHeaders, pickDisplay, renderLoginPage } from './login-page';
import { LOGIN_PAGE_STYLE } from './login-page.template';
import { pageLanguage } from './login-texts';

const issuer = {
  id: 'acme',
  credentialConfigurations: {},
  display: [
    { name: 'ACME <Issuer>', locale: 'en', logo: { uri: 'https://acme.example/logo.png', alt_text: 'ACME "logo"' } },
    { name: 'ACME Aussteller', locale: 'de-DE', logo: { uri: 'http://acme.example/logo.png' } },
  ],
} as IssuerConfig;

describe('login page', () => {
  it('is an accessible form in English by default, with the issuer branding escaped', () => {
    const page = renderLoginPage({ issuer, csrfToken: 'tok"en' });
    assert.match(page, /<html lang="en">/);
    assert.match(page, /<p class="issuer">ACME &#60;Issuer&#62;<\/p>/);
    assert.match(page, /<img src="https:\/\/acme.example\/logo.png" alt="ACME &#34;logo&#34;">/);
    assert.match(page, /<label for="username">Username<\/label>/);
    assert.match(page, /<input id="username" name="username" type="text" autocomplete="username"/);
    assert.match(page, /<label for="password">Password<\/label>/);
    assert.match(page, /<input id="password" name="password" type="password" autocomplete="current-password"/);
    assert.match(page, /<input type="hidden" name="csrf_token" value="tok&#34;en">/);
    assert.match(page, /<button type="submit" name="action" value="login">Log in<\/button>/);
    assert.match(page, /name="action" value="cancel"[^>]*formnovalidate>Cancel<\/button>/);
    assert.doesNotMatch(page, /role="alert"/);
    assert.doesNotMatch(page, /<script/i);
  });

  it('announces an error and ties it to the fields; keeps the username (escaped), never a password', () => {
    const page = renderLoginPage({ issuer, csrfToken: 't', username: 'ada"><script>', error: 'invalid' });
    assert.match(page, /<p class="error" id="login-error" role="alert">The username or password is not correct/);
    assert.match(page, /value="ada&#34;&#62;&#60;script&#62;" aria-invalid="true" aria-describedby="login-error">/);
    assert.match(page, /type="password"[^>]* aria-invalid="true" aria-describedby="login-error" autofocus>/);
    assert.doesNotMatch(page, /<script>/);
  });

  it('speaks German for ui_locales de, with the German display entry (an http logo is left out)', () => {
    const page = renderLoginPage({ issuer, uiLocales: ['fr', 'de-AT'], csrfToken: 't', error: 'throttled' });
    assert.match(page, /<html lang="de">/);
    assert.match(page, /<h1>Anmelden<\/h1>/);
    assert.match(page, /<p class="issuer">ACME Aussteller<\/p>/);
    assert.match(page, /<label for="password">Passwort<\/label>/);
    assert.match(page, /role="alert">Zu viele Anmeldeversuche/);
    assert.match(page, />Abbrechen<\/button>/);
    assert.doesNotMatch(page, /<img/);
  });

  it('picks the language and display entry by ui_locales order', () => {
    assert.equal(pageLanguage(undefined), 'en');
    assert.equal(pageLanguage(['fr', 'DE-ch', 'en']), 'de');
    assert.equal(pageLanguage(['fr']), 'en');
    const display = issuer.display!;
    assert.equal(pickDisplay(display, ['de-DE'])?.name, 'ACME Aussteller');
    assert.equal(pickDisplay(display, ['de'])?.name, 'ACME Aussteller', 'by language');
    assert.equal(pickDisplay(display, ['fr'])?.name, 'ACME <Issuer>', 'the first entry otherwise');
    assert.equal(pickDisplay([], ['en']), undefined);
  });

  it('falls back to the issuer id without display', () => {
    const page = renderLoginPage({ issuer: { id: 'plain', credentialConfigurations: {} } as IssuerConfig, csrfToken: 't' });
    assert.match(page, /<p class="issuer">plain<\/p>/);
  });

  it('has headers without script, never framed, posting only to itself and the wallet', () => {
    const headers = loginPageHeaders('https://wallet.example/cb?x=1');
    const csp = headers['content-security-policy'];
    const styleHash = createHash('sha256').update(LOGIN_PAGE_STYLE).digest('base64');
    assert.equal(
      csp,
      `default-src 'none'; style-src 'sha256-${styleHash}'; img-src https:; form-action 'self' https://wallet.example; ` +
        `frame-ancestors 'none'; base-uri 'none'`,
    );
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.match(loginPageHeaders('eudi-openid4ci://authorize')['content-security-policy'], /form-action 'self' eudi-openid4ci:;/);
    // The style in the page is the hashed one, byte for byte.
    assert.ok(renderLoginPage({ issuer, csrfToken: 't' }).includes(`<style>${LOGIN_PAGE_STYLE}</style>`));
  });
});
