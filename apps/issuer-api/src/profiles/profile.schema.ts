import { z } from 'zod';
import { credentialStatusSchema } from '../status-lists/credential-status.rules';
import { profileDisplaySchema } from './profile-display.schema';

export const profileIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be 1-128 characters [A-Za-z0-9._-]');

/**
 * Profile fields (walt.id Issuer2 names, API.md §5). Fields whose capability is not built yet are
 * accepted by the schema so the error names them precisely, and are refused by the validator.
 */
export const profileFields = {
  issuerKeyId: z.string().uuid(),
  issuerDid: z
    .string()
    .regex(/^did:[a-z0-9]+:.+$/, 'must be a DID')
    .max(2048),
  x5Chain: z
    .array(z.string().includes('BEGIN CERTIFICATE', { message: 'must be a PEM certificate' }))
    .min(1)
    .max(10),
  certificateId: z.string().uuid(),
  w3cVersion: z.enum(['1.1', '2.0']),
  credentialData: z.record(z.string(), z.unknown()),
  mapping: z.record(z.string(), z.unknown()),
  selectiveDisclosure: z.unknown(),
  idTokenClaimsMapping: z.record(z.string(), z.string()),
  mDocNameSpacesDataMappingConfig: z.record(z.string(), z.unknown()),
  credentialStatus: credentialStatusSchema,
  notifications: z.record(z.string(), z.unknown()),
  validity: z
    .object({
      validFor: z.string().optional(),
      validFrom: z.string().datetime({ offset: true }).optional(),
      /** mdoc MSO `expectedUpdate`, as a duration after signing. */
      expectedUpdate: z.string().optional(),
    })
    .strict(),
  display: profileDisplaySchema,
  /**
   * Immediate or deferred issuance (API.md §12). A deferred credential request is answered `202` with a
   * `transaction_id`; the wallet polls every `interval` seconds until an operator supplies the data, for at most
   * `expiresIn` (a duration such as `1d`).
   */
  issuance: z
    .object({
      mode: z.enum(['IMMEDIATE', 'DEFERRED']),
      interval: z.number().int().min(1).max(86_400).optional(),
      expiresIn: z.string().max(32).optional(),
    })
    .strict(),
  /** How the subject logs in during the authorization code flow (API.md §11). */
  authentication: z.discriminatedUnion('method', [
    z.object({ method: z.literal('EXTERNAL_IDP'), identityProvider: z.string().min(1).max(64) }).strict(),
    z.object({ method: z.literal('PASSWORD') }).strict(),
    z.object({ method: z.literal('ID_TOKEN') }).strict(),
    z
      .object({
        method: z.literal('VP_TOKEN'),
        dcqlQuery: z.record(z.string(), z.unknown()),
        trustedIssuers: z.array(z.unknown()).max(50).optional(),
      })
      .strict(),
  ]),
  /** Serves wallet-initiated authorization requests (no offer) for its configuration (API.md §11). */
  walletInitiated: z.boolean(),
};

export const profileSchema = z
  .object({
    id: profileIdSchema.optional(),
    name: z.string().min(1).max(200),
    credentialConfigurationId: z.string().min(1).max(128),
    issuerKeyId: profileFields.issuerKeyId,
    issuerDid: profileFields.issuerDid.optional(),
    x5Chain: profileFields.x5Chain.optional(),
    certificateId: profileFields.certificateId.optional(),
    w3cVersion: profileFields.w3cVersion.optional(),
    credentialData: profileFields.credentialData.default({}),
    mapping: profileFields.mapping.optional(),
    selectiveDisclosure: profileFields.selectiveDisclosure.optional(),
    idTokenClaimsMapping: profileFields.idTokenClaimsMapping.optional(),
    mDocNameSpacesDataMappingConfig: profileFields.mDocNameSpacesDataMappingConfig.optional(),
    credentialStatus: profileFields.credentialStatus.optional(),
    notifications: profileFields.notifications.optional(),
    validity: profileFields.validity.optional(),
    display: profileFields.display.optional(),
    issuance: profileFields.issuance.optional(),
    authentication: profileFields.authentication.optional(),
    walletInitiated: profileFields.walletInitiated.optional(),
  })
  .strict();

export type ProfileBody = z.infer<typeof profileSchema>;

/** Runtime overrides may replace any profile field except the identity of the profile itself. */
export const runtimeOverridesSchema = profileSchema
  .omit({ id: true, name: true, credentialConfigurationId: true, walletInitiated: true })
  .partial()
  .strict();
export type RuntimeOverrides = z.infer<typeof runtimeOverridesSchema>;

export interface ProfileDto extends Omit<ProfileBody, 'id'> {
  profileId: string;
  issuerId: string;
  version: number;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: string;
  updatedAt: string;
}
