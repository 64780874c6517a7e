import { z } from 'zod';

/** Public JWKs and PEM certificates (trust anchors for an `x5c` chain) of trusted key attestation issuers. */
export const keyAttestationTrustListSchema = z
  .object({
    trustedKeys: z
      .array(z.looseObject({ kty: z.string().min(1).max(10) }))
      .max(50)
      .default([]),
    trustedCertificates: z.array(z.string().min(1).max(20_000)).max(50).default([]),
  })
  .strict();

/**
 * `IssuerConfig.keyAttestationTrust`: who may sign the key attestations that configurations with
 * `key_attestations_required` or the `attestation` proof type demand. The lists apply to every configuration;
 * an entry under `credentialConfigurations.<id>` replaces them for that configuration.
 */
export const keyAttestationTrustSchema = keyAttestationTrustListSchema
  .extend({
    credentialConfigurations: z
      .record(z.string().regex(/^[\w.:-]{1,128}$/, 'invalid configuration id'), keyAttestationTrustListSchema)
      .optional(),
  })
  .strict();

export type KeyAttestationTrustList = z.infer<typeof keyAttestationTrustListSchema>;
export type KeyAttestationTrustConfig = z.infer<typeof keyAttestationTrustSchema>;
