import { z } from 'zod';
import {
  certificateCreateRequestSchema,
  certificateImportRequestSchema,
  didCreateRequestSchema,
  keyCreateRequestSchema,
  keyImportRequestSchema,
} from '@issuer/contracts';
import { issuerIdSchema } from '../../issuers/issuer-config.schema';

/**
 * The admin bodies that create keys, DIDs and certificates: the bus request plus an optional owner `issuerId`
 * (API.md §13; without it the resource belongs to the platform). The owner is kept by issuer-api and split off before
 * the request goes to kms or did-registry, so the bus contracts stay as they are.
 */
const owner = { issuerId: issuerIdSchema.optional() };

export const keyCreateBodySchema = keyCreateRequestSchema.safeExtend(owner);
export const keyImportBodySchema = z.union([
  keyImportRequestSchema.options[0].safeExtend(owner),
  keyImportRequestSchema.options[1].safeExtend(owner),
]);
export const didCreateBodySchema = didCreateRequestSchema.safeExtend(owner);
export const certificateCreateBodySchema = certificateCreateRequestSchema.safeExtend(owner);
export const certificateImportBodySchema = certificateImportRequestSchema.safeExtend(owner);

/** The owner (null: the platform) and the request for the bus. */
export function splitOwner<T extends { issuerId?: string }>(body: T): { issuerId: string | null; request: Omit<T, 'issuerId'> } {
  const { issuerId, ...request } = body;
  return { issuerId: issuerId ?? null, request };
}
