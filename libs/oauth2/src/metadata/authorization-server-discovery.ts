import { isPlainObject } from '../encoding/base64url';

/**
 * Where a client looks for an authorization server's metadata, in order: OpenID Connect Discovery 1.0 §4
 * (`{issuer}/.well-known/openid-configuration`, what Keycloak and most OpenID providers serve), then RFC 8414 §3.1
 * with the well-known segment inserted before the issuer's path (`https://as.example/.well-known/oauth-authorization-server/realms/acme`).
 */
export function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [`${url.origin}${path}/.well-known/openid-configuration`, `${url.origin}/.well-known/oauth-authorization-server${path}`];
}

/** The members of authorization server metadata (RFC 8414 §2) a resource server uses. */
export interface DiscoveredAuthorizationServer {
  issuer: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  [member: string]: unknown;
}

export type AuthorizationServerMetadataCheck = { ok: true; metadata: DiscoveredAuthorizationServer } | { ok: false; description: string };

/**
 * Checks fetched metadata (RFC 8414 §3.3, OpenID Connect Discovery §4.3): a JSON object whose `issuer` is exactly the
 * expected one (security: otherwise a server could pass off another's keys), and absolute URLs where it names
 * `jwks_uri` or `introspection_endpoint`.
 */
export function checkAuthorizationServerMetadata(body: unknown, expectedIssuer: string): AuthorizationServerMetadataCheck {
  if (!isPlainObject(body)) return { ok: false, description: 'the metadata is not a JSON object' };
  if (body['issuer'] !== expectedIssuer) return { ok: false, description: `the metadata issuer is not ${expectedIssuer}` };
  for (const member of ['jwks_uri', 'introspection_endpoint']) {
    const value = body[member];
    if (value !== undefined && (typeof value !== 'string' || !URL.canParse(value)))
      return { ok: false, description: `the metadata ${member} is not an absolute URL` };
  }
  return { ok: true, metadata: body as DiscoveredAuthorizationServer };
}
