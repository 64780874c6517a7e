/**
 * The nonce issuer-api put in `<meta name="csp-nonce">` for this page load; Mantine and CodeMirror stamp it on the
 * `<style>` elements they create, which the page's CSP (`style-src 'self' 'nonce-…'`) allows and nothing else.
 */
export function cspNonce(): string | undefined {
  const value = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? undefined;
  return value && value !== '__CSP_NONCE__' ? value : undefined;
}
