/** Percent-encodings of unreserved characters are decoded, others get upper-case hex (RFC 3986 §6.2.2.1-2). */
function normalizePercentEncoding(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * The form of an HTTP URI that DPoP compares (RFC 9449 §4.3 check 9): without query and fragment, with
 * syntax- and scheme-based normalisation (RFC 3986 §6.2.2, §6.2.3: case of scheme and host, default port,
 * empty path as `/`, percent-encoding). `undefined` when the value is not an absolute http(s) URI.
 */
export function normalizeHtu(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return `${url.protocol}//${url.host}${normalizePercentEncoding(url.pathname)}`;
}
