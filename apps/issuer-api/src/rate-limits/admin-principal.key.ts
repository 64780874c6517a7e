import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * Whom an admin request's rate limit counts against: the admin or API key it presents (each key is one principal), as
 * a fingerprint — the key itself is never stored or logged. Runs after authentication (RateLimitInterceptor runs after
 * the guards), so the key is a valid one. When principals come from elsewhere too (single sign-on tokens: one person,
 * many tokens), this returns the authenticated principal's id instead. Undefined: no bearer key, not limited.
 */
export function adminPrincipalOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  return `bearer:${createHash('sha256').update(match[1]).digest('base64url')}`;
}
