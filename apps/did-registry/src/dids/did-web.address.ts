import { DidResolutionFailure } from './did-resolution.error';

/**
 * The did:web method-specific id of a base URL: its host, with a port percent-encoded (`localhost%3A3000`,
 * did:web spec §3.1). A path in PUBLIC_URL is not part of it: documents are hosted at the host's root.
 */
export function didWebHostOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  return url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
}

/** `did:web:<host>` for the root document, `did:web:<host>:dids:<path>` for a path document. */
export function didWebOf(publicUrl: string, path: string | null | undefined): string {
  const host = didWebHostOf(publicUrl);
  return path ? `did:web:${host}:dids:${path}` : `did:web:${host}`;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where a did:web document lives (did:web spec §3.2 Read): `https://<host>/.well-known/did.json`, or
 * `https://<host>/<p1>/<p2>/did.json`; plain http only for localhost and 127.0.0.1 (development).
 */
export function didWebUrl(did: string): URL {
  const match = /^did:web:([^:/?#]+)((?::[^:/?#]+)*)$/.exec(did);
  if (!match) throw new DidResolutionFailure('invalidDid', 'a did:web is did:web:<host>[:<path>...]');
  let host: string;
  let segments: string[];
  try {
    host = decodeURIComponent(match[1]);
    segments = match[2] ? match[2].slice(1).split(':').map(decodeURIComponent) : [];
  } catch (error) {
    throw new DidResolutionFailure('invalidDid', 'did:web has invalid percent-encoding', { cause: error });
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) && !/^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    throw new DidResolutionFailure('invalidDid', 'did:web host is not a valid host name');
  }
  if (segments.some((s) => !s || s === '.' || s === '..' || /[/\\?#]/.test(s))) {
    throw new DidResolutionFailure('invalidDid', 'did:web path segments are invalid');
  }
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const scheme = LOCAL_HOSTS.has(hostname) ? 'http' : 'https';
  const path = segments.length ? `/${segments.map(encodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  try {
    return new URL(`${scheme}://${host}${path}`);
  } catch (error) {
    throw new DidResolutionFailure('invalidDid', 'did:web does not map to a URL', { cause: error });
  }
}
