import type { FuzzRequest } from './raw-http';

/**
 * Keeps the fuzzer's traffic on this machine: the platform calls out to URLs it is given (webhooks, data
 * functions, did:web), so a mutation must never turn one into a foreign host. Every URL or did:web in the
 * final request whose host is not loopback is pointed at 127.0.0.1:9 (discard), before it is sent.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SAFE_URL_AUTHORITY = '127.0.0.1:9';
const URL_PATTERN = /([a-z][a-z0-9+.-]{0,31}:\/\/)([^/\s"'<>\\?#]*)/gi;
const DID_WEB_PATTERN = /(did:web:)([^\s"':;/?#\\]*)/gi;

function hostOf(authority: string): string {
  const withoutUser = authority.slice(authority.lastIndexOf('@') + 1);
  if (withoutUser.startsWith('[')) return withoutUser.slice(0, withoutUser.indexOf(']') + 1);
  return withoutUser.split(':')[0].toLowerCase();
}

function didHost(encoded: string): string {
  let decoded = encoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    /* not decodable: judged as written */
  }
  return hostOf(decoded);
}

/** Rewrites foreign URLs and did:web identifiers in a byte string; returns it unchanged when all are local. */
export function localOnly(text: string): string {
  if (!text.includes('://') && !/did:web/i.test(text)) return text;
  return text
    .replace(URL_PATTERN, (whole, scheme: string, authority: string) =>
      LOOPBACK.has(hostOf(authority)) ? whole : `${scheme}${SAFE_URL_AUTHORITY}`,
    )
    .replace(DID_WEB_PATTERN, (whole, prefix: string, host: string) => (LOOPBACK.has(didHost(host)) ? whole : `${prefix}127.0.0.1%3A9`));
}

function percentDecoded(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The request with every foreign destination made local; `fallbackTarget` replaces a target that hides one in percent-encoding. */
export function guardEgress(request: FuzzRequest, fallbackTarget: string): FuzzRequest {
  let target = localOnly(request.target);
  const decoded = percentDecoded(target);
  if (localOnly(decoded) !== decoded) target = fallbackTarget;
  let body = request.body ? Buffer.from(localOnly(request.body.toString('latin1')), 'latin1') : undefined;
  // A body in UTF-16 (an encoding mutation) hides its URLs from the byte-wise scan: refuse to send those.
  const utf16 = body?.toString('utf16le');
  const utf16be = body && body.length % 2 === 0 ? Buffer.from(body).swap16().toString('utf16le') : undefined;
  if ((utf16 && localOnly(utf16) !== utf16) || (utf16be && localOnly(utf16be) !== utf16be)) body = Buffer.from('{}');
  return { ...request, target, headers: request.headers.map(([n, v]) => [n, localOnly(v)]), body };
}
