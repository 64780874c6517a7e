import { createHash } from 'node:crypto';
import type { IssuerConfig } from '../issuers/issuer-config.schema';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2328}' +
  'img{max-height:3rem}h1{font-size:1.4rem}p.code{color:#57606a;font-family:monospace}';

/**
 * A strict policy for the pages of the flow: nothing but the inline style above (by hash) and the issuer's logo;
 * no script, no form, never inside a frame (clickjacking of a login).
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src https: data:; ` +
    `frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whether the client asked for a page (a browser) rather than JSON: it accepts text/html and not JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  const types = (accept ?? '').toLowerCase();
  return types.includes('text/html') && !types.includes('application/json');
}

/**
 * The page shown when an authorization request cannot be sent back to the wallet (its redirect URI is not
 * trusted yet): the issuer's name and logo from `display`, what went wrong, nothing to click.
 */
export function renderErrorPage(issuer: IssuerConfig | undefined, error: string, description: string, locale?: string): string {
  const display = issuer?.display?.find((d) => d.locale === locale) ?? issuer?.display?.[0];
  const name = display?.name ?? issuer?.id ?? 'Credential issuer';
  const logo = display?.logo?.uri.startsWith('https:')
    ? `<img src="${escapeHtml(display.logo.uri)}" alt="${escapeHtml(display.logo.alt_text ?? name)}">`
    : '';
  return (
    `<!doctype html><html lang="${escapeHtml(locale ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(name)}: request refused</title><style>${STYLE}</style></head><body>${logo}` +
    `<h1>${escapeHtml(name)}</h1><p>This request for a credential cannot be completed: ${escapeHtml(description)}.</p>` +
    `<p>Go back to your wallet and start again.</p><p class="code">${escapeHtml(error)}</p></body></html>`
  );
}
