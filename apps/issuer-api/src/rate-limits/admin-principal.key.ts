import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { principalKey } from '../access/principal';
import { authenticatedPrincipal } from '../access/request-principal';

/**
 * Whom an admin request's rate limit counts against: the admin or API key it presents (each key is one principal), as
 * a fingerprint — the key itself is never stored or logged. Runs after authentication (RateLimitGuard runs after
 * the guards), so the key is a valid one. A single sign-on token counts against its subject instead (`oidc:<sub>`):
 * one person signs in with many short-lived tokens, and a new token must not bring a new budget. Undefined: no bearer
 * key, not limited.
 */
export function adminPrincipalOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const principal = authenticatedPrincipal(request);
  if (principal?.type === 'oidc') return principalKey(principal);
  return `bearer:${createHash('sha256').update(match[1]).digest('base64url')}`;
}
