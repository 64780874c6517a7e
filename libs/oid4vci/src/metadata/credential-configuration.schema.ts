import { z } from 'zod';
import { SUPPORTED_BINDING_METHODS } from '../proof/binding-method';

const nonEmptyString = z.string().min(1);

/** Claims path pointer (OID4VCI 1.0 Appendix C): non-empty array of string, null or non-negative integer. */
export const claimsPathPointerSchema = z.array(z.union([z.string(), z.null(), z.number().int().nonnegative()])).min(1);

const logoSchema = z.looseObject({ uri: nonEmptyString, alt_text: z.string().optional() });

/** Display entry of `credential_metadata.display` (OID4VCI 1.0 §12.2.4). */
export const credentialDisplaySchema = z.looseObject({
  name: nonEmptyString,
  locale: z.string().optional(),
  logo: logoSchema.optional(),
  description: z.string().optional(),
  background_color: z.string().optional(),
  background_image: z.looseObject({ uri: nonEmptyString }).optional(),
  text_color: z.string().optional(),
});

/** Claims description (OID4VCI 1.0 Appendix B.2). */
export const claimDescriptionSchema = z.looseObject({
  path: claimsPathPointerSchema,
  mandatory: z.boolean().optional(),
  display: z.array(z.looseObject({ name: z.string().optional(), locale: z.string().optional() })).optional(),
});

/** `key_attestations_required` (§12.2.4): accepted attack potential resistance values (Appendix D.2); `{}` = any attestation. */
const keyAttestationsRequiredSchema = z.looseObject({
  key_storage: z.array(nonEmptyString).min(1).optional(),
  user_authentication: z.array(nonEmptyString).min(1).optional(),
});

const proofTypeSchema = z.looseObject({
  proof_signing_alg_values_supported: z.array(nonEmptyString).min(1),
  key_attestations_required: keyAttestationsRequiredSchema.optional(),
});

/** Binding methods that carry the credential key as a JWK, the only form an `attestation` proof yields. */
const JWK_BINDING_METHODS = ['jwk', 'cose_key', 'did:jwk'];

/**
 * One OID4VCI 1.0 credential configuration (§12.2.4, Appendix A) for the formats this platform issues.
 * Unknown members pass through. Rules beyond shape: `vct` is optional for `dc+sd-jwt` (the metadata builder
 * defaults it), `credential_definition.type` is required for `jwt_vc_json`, `doctype` for `mso_mdoc`,
 * `proof_types_supported` is present iff `cryptographic_binding_methods_supported` is (the OIDF suite fails
 * otherwise), binding methods and proof types (`jwt`, `attestation`) only those the proof verifier enforces, so
 * the metadata advertises nothing the issuer does not check, numeric COSE algorithms only for `mso_mdoc`, and
 * claim paths are unique (wallets abort on duplicates). Key attestation trust is the issuer's, checked there.
 */
export const credentialConfigurationSchema = z
  .looseObject({
    format: z.enum(['dc+sd-jwt', 'jwt_vc_json', 'mso_mdoc']),
    scope: nonEmptyString.optional(),
    vct: nonEmptyString.optional(),
    credential_definition: z.looseObject({ type: z.array(nonEmptyString).min(1), '@context': z.array(z.unknown()).optional() }).optional(),
    doctype: nonEmptyString.optional(),
    cryptographic_binding_methods_supported: z
      .array(
        z.enum(SUPPORTED_BINDING_METHODS, {
          message: `must be one of the binding methods this issuer enforces: ${SUPPORTED_BINDING_METHODS.join(', ')}`,
        }),
      )
      .min(1)
      .optional(),
    credential_signing_alg_values_supported: z
      .array(z.union([nonEmptyString, z.number().int()]))
      .min(1)
      .optional(),
    proof_types_supported: z
      .strictObject({ jwt: proofTypeSchema.optional(), attestation: proofTypeSchema.optional() })
      .refine((types) => Object.keys(types).length > 0, { message: 'must name at least one proof type (jwt, attestation)' })
      .optional(),
    credential_metadata: z
      .looseObject({
        display: z.array(credentialDisplaySchema).optional(),
        claims: z.array(claimDescriptionSchema).optional(),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.format === 'jwt_vc_json' && !config.credential_definition) {
      ctx.addIssue({ code: 'custom', path: ['credential_definition'], message: 'credential_definition is required for jwt_vc_json' });
    }
    if (config.format === 'mso_mdoc' && !config.doctype) {
      ctx.addIssue({ code: 'custom', path: ['doctype'], message: 'doctype is required for mso_mdoc' });
    }
    const hasBinding = config.cryptographic_binding_methods_supported !== undefined;
    const hasProofTypes = config.proof_types_supported !== undefined;
    if (hasBinding !== hasProofTypes) {
      ctx.addIssue({
        code: 'custom',
        path: [hasBinding ? 'proof_types_supported' : 'cryptographic_binding_methods_supported'],
        message: 'proof_types_supported and cryptographic_binding_methods_supported must be present together',
      });
    }
    if (
      config.proof_types_supported?.attestation &&
      !config.cryptographic_binding_methods_supported?.some((m) => JWK_BINDING_METHODS.includes(m))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['proof_types_supported', 'attestation'],
        message: `the attestation proof type binds to attested JWKs: cryptographic_binding_methods_supported must list ${JWK_BINDING_METHODS.join(', ')}`,
      });
    }
    config.credential_signing_alg_values_supported?.forEach((alg, i) => {
      if (typeof alg === 'number' && config.format !== 'mso_mdoc') {
        ctx.addIssue({
          code: 'custom',
          path: ['credential_signing_alg_values_supported', i],
          message: 'numeric COSE algorithm identifiers are only allowed for mso_mdoc',
        });
      }
    });
    const seen = new Set<string>();
    config.credential_metadata?.claims?.forEach((claim, i) => {
      const key = JSON.stringify(claim.path);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['credential_metadata', 'claims', i, 'path'], message: `duplicate claim path ${key}` });
      }
      seen.add(key);
      if (config.format === 'mso_mdoc' && !(typeof claim.path[0] === 'string' && typeof claim.path[1] === 'string')) {
        ctx.addIssue({
          code: 'custom',
          path: ['credential_metadata', 'claims', i, 'path'],
          message: 'mso_mdoc claim paths start with a namespace and a data element name',
        });
      }
    });
  });

export type CredentialConfiguration = z.infer<typeof credentialConfigurationSchema>;
export type CredentialDisplay = z.infer<typeof credentialDisplaySchema>;
export type ClaimDescription = z.infer<typeof claimDescriptionSchema>;

/** Map of configuration id to configuration; ids are non-empty and there is at least one. */
export const credentialConfigurationsSchema = z
  .record(nonEmptyString, credentialConfigurationSchema)
  .refine((map) => Object.keys(map).length > 0, { message: 'at least one credential configuration is required' });

export type CredentialConfigurationValidation =
  { valid: true; value: Record<string, CredentialConfiguration> } | { valid: false; errors: { path: string; message: string }[] };

/**
 * Validates `IssuerConfig.credentialConfigurations` (API.md §4, OID4VCI 1.0 §12.2.4). Error paths read like
 * `credentialConfigurations.pid.format`, ready for a problem+json `errors[]`.
 */
export function validateCredentialConfigurations(input: unknown): CredentialConfigurationValidation {
  const result = credentialConfigurationsSchema.safeParse(input);
  if (result.success) return { valid: true, value: result.data };
  return {
    valid: false,
    errors: result.error.issues.map((issue) => ({
      path: ['credentialConfigurations', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  };
}
