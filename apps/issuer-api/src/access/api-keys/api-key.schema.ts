import { z } from 'zod';
import { AppError, parseOrThrow, type FieldError } from '@issuer/platform';
import { issuerIdSchema } from '../../issuers/issuer-config.schema';
import { ROLES, type Role } from '../role';

/** `POST /api/v1/api-keys` (API.md §13). */
export const apiKeyCreateSchema = z
  .object({
    name: z.string().min(1).max(200),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    issuers: z
      .array(z.union([z.literal('*'), issuerIdSchema]))
      .min(1)
      .max(500),
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export interface ApiKeyRequest {
  name: string;
  roles: Role[];
  issuers: string[] | '*';
  expiresAt: Date | null;
}

/**
 * The request as stored, or a 400 naming each bad field: `"*"` alone, `platform-admin` only on every issuer (it
 * administers the deployment, not some issuers), expiry in the future. Roles and issuers are deduplicated.
 */
export function toApiKeyRequest(body: z.infer<typeof apiKeyCreateSchema>, now: Date): ApiKeyRequest {
  const { name, roles, issuers, expiresAt } = body;
  const errors: FieldError[] = [];
  const everyIssuer = issuers.includes('*');
  if (everyIssuer && issuers.length > 1) errors.push({ path: 'issuers', message: '"*" (every issuer) stands alone' });
  if (roles.includes('platform-admin') && !everyIssuer)
    errors.push({ path: 'issuers', message: 'platform-admin holds on every issuer: must be ["*"]' });
  const expiry = expiresAt === undefined ? null : new Date(expiresAt);
  if (expiry && expiry.getTime() <= now.getTime()) errors.push({ path: 'expiresAt', message: 'must be in the future' });
  if (errors.length) throw AppError.validation(errors);
  return { name, roles: [...new Set(roles)], issuers: everyIssuer ? '*' : [...new Set(issuers)], expiresAt: expiry };
}

/** The schema and the rules above, for one body. */
export function parseApiKeyRequest(body: unknown, now: Date): ApiKeyRequest {
  return toApiKeyRequest(parseOrThrow(apiKeyCreateSchema, body), now);
}
