import { z } from 'zod';
import { authorizationConfigSchema } from '../authorization/authorization-config.schema';
import { keyAttestationTrustSchema } from './key-attestation-trust.schema';

export const issuerIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a slug of 1-64 characters [a-z0-9-]');

/** `IssuerConfig` of API.md §4. Credential configurations are checked in depth by the oid4vci library. */
export const issuerConfigSchema = z
  .object({
    id: issuerIdSchema,
    display: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            locale: z.string().min(1).max(35).optional(),
            logo: z
              .object({ uri: z.string().url(), alt_text: z.string().max(300).optional() })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    tokenKeyId: z.string().uuid().optional(),
    /** kms key that signs this issuer's Token Status Lists (and W3C lists of profiles without `issuerDid`), API.md §10; published in `/jwks`. */
    statusListKeyId: z.string().uuid().optional(),
    credentialConfigurations: z.record(z.string().regex(/^[\w.:-]{1,128}$/, 'invalid configuration id'), z.unknown()),
    batchSize: z.number().int().min(1).max(100).optional(),
    /** Key (and optional certificate for `x5c`) that signs the metadata served as `application/jwt` (OID4VCI §12.2.3). */
    signedMetadata: z.object({ keyId: z.string().uuid(), certificateId: z.string().uuid().optional() }).strict().optional(),
    /** The issuer as OAuth 2.0 authorization server (API.md §11); defaults apply when absent. */
    authorization: authorizationConfigSchema.optional(),
    /** Trusted key attestation issuers (OID4VCI 1.0 Appendix D), issuer-wide with optional per-configuration lists. */
    keyAttestationTrust: keyAttestationTrustSchema.optional(),
  })
  .strict();

export type IssuerConfig = Omit<z.infer<typeof issuerConfigSchema>, 'credentialConfigurations'> & {
  credentialConfigurations: Record<string, Record<string, unknown>>;
};

export interface IssuerDto extends IssuerConfig {
  credentialIssuer: string;
  createdAt: string;
  updatedAt: string;
}
