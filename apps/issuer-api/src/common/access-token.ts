import { hashSecret, newSecret } from './secrets';

/**
 * Access tokens name their session: `<sessionId>.<256-bit secret>`. The credential step then finds the session by
 * its primary key and compares the secret's hash stored on it, so no index on token hashes has to be kept up to
 * date when a token is granted (the session row's update stays a HOT update). Session ids are [A-Za-z0-9_-], so
 * the token is a valid RFC 6750 token68 and the last '.' separates the parts. The session id grants nothing: it
 * appears in events and webhooks anyway.
 */
export interface AccessTokenSecret {
  secret: string;
  /** What the session row stores. */
  hash: string;
}

export function newAccessTokenSecret(): AccessTokenSecret {
  const secret = newSecret();
  return { secret, hash: hashSecret(secret) };
}

export function accessTokenOf(sessionId: string, secret: AccessTokenSecret): string {
  return `${sessionId}.${secret.secret}`;
}

/** The session a presented token names and the hash to compare with its stored one; undefined for other tokens. */
export function parseAccessToken(token: string): { sessionId: string; hash: string } | undefined {
  const dot = token.lastIndexOf('.');
  if (dot < 1 || dot === token.length - 1) return undefined;
  return { sessionId: token.slice(0, dot), hash: hashSecret(token.slice(dot + 1)) };
}
