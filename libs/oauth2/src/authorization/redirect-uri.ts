/** Which redirect URIs an issuer accepts (API.md §11 `IssuerConfig.authorization.redirectUris`). */
export interface RedirectUriPolicy {
  /** Registered URIs, compared by exact string match. Empty or absent: the open rules of `checkRedirectUri`. */
  redirectUris?: readonly string[];
}

export type RedirectUriCheck = { ok: true; redirectUri: string } | { ok: false; description: string };

/** Schemes that execute or read local content in a browser; never acceptable as a redirect target. */
const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:', 'ws:', 'wss:', 'ftp:']);

/** RFC 8252 §7.3 / §8.3: loopback redirects use http to an IP literal (or `localhost`) on any port. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Validates a wallet redirect URI (RFC 6749 §3.1.2, RFC 9700 §4.1, RFC 8252, API.md §11). With registered
 * `redirectUris` only an exact string match is accepted. Without them: any `https` URI, any private-use
 * (custom) scheme such as `eudi-openid4ci://authorize`, and `http` only to a loopback host. Always refused:
 * relative URIs, fragments (RFC 6749 §3.1.2), user info in the authority and script/data-like schemes.
 * Security: until this passed, no error may be sent to the URI (open redirector, RFC 6749 §4.1.2.1).
 */
export function checkRedirectUri(value: string | undefined, policy: RedirectUriPolicy = {}): RedirectUriCheck {
  const registered = policy.redirectUris ?? [];
  if (value === undefined) {
    // RFC 6749 §3.1.2.3: may be omitted only when exactly one URI is registered.
    if (registered.length === 1) return { ok: true, redirectUri: registered[0] as string };
    return { ok: false, description: 'redirect_uri is required' };
  }
  if (value.length > 2048 || value.includes('#')) return { ok: false, description: 'redirect_uri must not contain a fragment' };
  if (registered.length > 0) {
    return registered.includes(value)
      ? { ok: true, redirectUri: value }
      : { ok: false, description: 'redirect_uri is not registered for this issuer' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, description: 'redirect_uri must be an absolute URI' };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return { ok: false, description: 'redirect_uri must be an absolute URI' };
  if (DANGEROUS_SCHEMES.has(url.protocol)) return { ok: false, description: `redirect_uri scheme ${url.protocol} is not allowed` };
  if (url.username !== '' || url.password !== '') return { ok: false, description: 'redirect_uri must not contain user info' };
  if (url.protocol === 'https:') return { ok: true, redirectUri: value };
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? { ok: true, redirectUri: value }
      : { ok: false, description: 'http redirect_uri is allowed only to a loopback address' };
  }
  return { ok: true, redirectUri: value }; // a private-use URI scheme (RFC 8252 §7.1)
}
