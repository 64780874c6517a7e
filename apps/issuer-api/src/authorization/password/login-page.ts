import { createHash } from 'node:crypto';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import { LOGIN_PAGE_STYLE, loginPageTemplate } from './login-page.template';
import { LOGIN_TEXTS, pageLanguage, type LoginFormError } from './login-texts';

type Display = NonNullable<IssuerConfig['display']>[number];

/**
 * The login page's headers. Unlike the flow's other pages (`PAGE_SECURITY_HEADERS`, `form-action 'none'`) this page
 * has a form: `form-action` allows its own origin and the wallet's redirect URI, because browsers apply
 * `form-action` to the redirects that follow a submission too (the answer to the post is a 302 to the wallet). No
 * script at all; never framed (clickjacking of a login); no referrer (the URL holds the login id); never cached.
 */
export function loginPageHeaders(walletRedirectUri: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      `default-src 'none'; style-src 'sha256-${createHash('sha256').update(LOGIN_PAGE_STYLE).digest('base64')}'; img-src https:; ` +
      `form-action 'self' ${formActionSource(walletRedirectUri)}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** The CSP source of a redirect URI: its origin (http, https) or its scheme (a wallet's custom scheme). */
function formActionSource(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol;
}

export interface LoginPageInput {
  issuer: IssuerConfig;
  /** The wallet's `ui_locales`, most preferred first. */
  uiLocales?: readonly string[];
  csrfToken: string;
  /** Shown again after a refused attempt (never the password). */
  username?: string;
  error?: LoginFormError;
}

/** The login page in the wallet's language (English or German), branded with the issuer's `display`. */
export function renderLoginPage(input: LoginPageInput): string {
  const lang = pageLanguage(input.uiLocales);
  const texts = LOGIN_TEXTS[lang];
  const display = pickDisplay(input.issuer.display ?? [], [...(input.uiLocales ?? []), lang]);
  const issuerName = display?.name ?? input.issuer.id;
  // Only https logos: the page's CSP loads nothing else, and an http image would be mixed content.
  const logo = display?.logo?.uri.startsWith('https:') ? { uri: display.logo.uri, alt: display.logo.alt_text ?? issuerName } : undefined;
  return loginPageTemplate({
    lang,
    issuerName,
    ...(logo ? { logo } : {}),
    title: texts.title,
    intro: texts.intro(issuerName),
    usernameLabel: texts.username,
    passwordLabel: texts.password,
    submit: texts.submit,
    cancel: texts.cancel,
    csrfToken: input.csrfToken,
    username: input.username ?? '',
    ...(input.error ? { error: texts.errors[input.error] } : {}),
  }).text;
}

/** The issuer's display entry for the first locale that has one (exact tag, then language), else the first entry. */
export function pickDisplay(display: readonly Display[], locales: readonly string[]): Display | undefined {
  const lower = (tag: string | undefined) => tag?.toLowerCase();
  for (const tag of locales) {
    const exact = display.find((d) => lower(d.locale) === lower(tag));
    if (exact) return exact;
    const language = lower(tag.split('-')[0]);
    const sameLanguage = display.find((d) => lower(d.locale?.split('-')[0]) === language);
    if (sameLanguage) return sameLanguage;
  }
  return display[0];
}
