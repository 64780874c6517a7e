import { z } from 'zod';
import { txCodeSchema } from '@issuer/oid4vci';
import { runtimeOverridesSchema } from '../profiles/profile.schema';

export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 characters [A-Za-z0-9_-]');

/** Body of `POST .../offers` (API.md §6, walt.id CredentialOfferCreateRequest rules). */
export const offerRequestSchema = z
  .object({
    authMethod: z.enum(['PRE_AUTHORIZED', 'AUTHORIZED']),
    valueMode: z.enum(['BY_REFERENCE', 'BY_VALUE']).default('BY_REFERENCE'),
    issuerStateMode: z.enum(['INCLUDE', 'OMIT']).optional(),
    expiresInSeconds: z
      .number()
      .int()
      .refine((v) => v === -1 || (v > 0 && v <= 366 * 24 * 3600), 'must be > 0 (at most one year) or -1 (never)')
      .default(300),
    txCode: txCodeSchema.optional(),
    txCodeValue: z.string().min(1).max(32).optional(),
    runtimeOverrides: runtimeOverridesSchema.optional(),
    sessionId: sessionIdSchema.optional(),
  })
  .strict()
  .superRefine((offer, ctx) => {
    if (offer.authMethod === 'AUTHORIZED' && offer.txCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['txCode'], message: 'a tx_code belongs to the pre-authorized code grant only' });
    }
    if (offer.issuerStateMode === 'OMIT' && offer.runtimeOverrides !== undefined) {
      // Without issuer_state the wallet's request cannot be tied to this offer, so nothing of it would apply.
      ctx.addIssue({ code: 'custom', path: ['runtimeOverrides'], message: 'not allowed with issuerStateMode OMIT' });
    }
    if (offer.issuerStateMode !== undefined && offer.authMethod !== 'AUTHORIZED') {
      ctx.addIssue({ code: 'custom', path: ['issuerStateMode'], message: 'only allowed with authMethod AUTHORIZED' });
    }
    if (offer.txCodeValue !== undefined && offer.txCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['txCodeValue'], message: 'requires txCode' });
    }
    if (offer.txCode && offer.txCodeValue !== undefined) {
      const { input_mode: mode = 'numeric', length } = offer.txCode;
      if (mode === 'numeric' && !/^\d+$/.test(offer.txCodeValue)) {
        ctx.addIssue({ code: 'custom', path: ['txCodeValue'], message: 'must be digits for input_mode numeric' });
      }
      if (length !== undefined && offer.txCodeValue.length !== length) {
        ctx.addIssue({ code: 'custom', path: ['txCodeValue'], message: `must have txCode.length (${length}) characters` });
      }
    }
  });
export type OfferRequest = z.infer<typeof offerRequestSchema>;

export const batchOfferRequestSchema = z.object({ offers: z.array(offerRequestSchema).min(1).max(1000) }).strict();

export interface OfferResponse {
  offerId: string;
  sessionId: string;
  profileId: string;
  profileVersion: number;
  authMethod: 'PRE_AUTHORIZED' | 'AUTHORIZED';
  expiresAt: string | null;
  txCodeValue?: string;
  credentialOffer: string;
  credentialOfferUri?: string;
}
