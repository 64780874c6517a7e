import { validateCredentialConfigurations } from '@issuer/oid4vci';
import { AppError, parseOrThrow, type FieldError } from '@issuer/platform';
import { ISSUABLE_FORMATS } from '../wallet/credential.factory';
import type { z } from 'zod';
import { issuerConfigSchema, type IssuerConfig } from './issuer-config.schema';
import { checkKeyAttestationTrust } from './key-attestation-trust.rules';

/** Formats this build can issue (API.md §4). */
export const SUPPORTED_FORMATS: readonly string[] = ISSUABLE_FORMATS;

/** Validates an IssuerConfig body; every problem is reported with its path. */
export function validateIssuerConfig(body: unknown): IssuerConfig {
  return checkIssuerConfig(parseOrThrow(issuerConfigSchema, body));
}

/** The checks beyond the schema, for a body the schema already accepted (the admin routes parse it in a SchemaPipe). */
export function checkIssuerConfig(config: z.infer<typeof issuerConfigSchema>): IssuerConfig {
  const errors: FieldError[] = [];
  const configurations = validateCredentialConfigurations(config.credentialConfigurations);
  if (!configurations.valid) errors.push(...configurations.errors);
  for (const [id, configuration] of Object.entries(config.credentialConfigurations)) {
    const format = (configuration as { format?: unknown })?.format;
    if (typeof format === 'string' && !SUPPORTED_FORMATS.includes(format)) {
      errors.push({
        path: `credentialConfigurations.${id}.format`,
        message: `format ${format} is not supported by this version (supported: ${SUPPORTED_FORMATS.join(', ')})`,
      });
    }
  }
  errors.push(...checkKeyAttestationTrust(config));
  if (errors.length) throw AppError.validation(errors);
  return config as IssuerConfig;
}
