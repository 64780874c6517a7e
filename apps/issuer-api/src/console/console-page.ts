import { randomBytes } from 'node:crypto';

/**
 * The console's policy: scripts and styles only from /console itself, plus the `<style>` elements the page creates
 * with this answer's nonce (Mantine's theme variables, CodeMirror); no inline script, no eval, no plugin, never in a
 * frame; fetches to this origin and the single sign-on provider only. Logos of issuers may come from any https host.
 */
export function consoleCsp(nonce: string, connectOrigins: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' https: data:",
    "font-src 'self'",
    `connect-src 'self' ${connectOrigins.join(' ')}`.trim(),
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export const newNonce = () => randomBytes(18).toString('base64url');

/** index.html with the answer's nonce where the page reads it (`<meta name="csp-nonce">`). */
export function withNonce(indexHtml: string, nonce: string): string {
  return indexHtml.replace('__CSP_NONCE__', nonce);
}

export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};
