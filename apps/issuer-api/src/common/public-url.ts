import { credentialIssuerUrl } from '@issuer/oid4vci';
import type { PlatformConfig } from '@issuer/platform';

/** `credential_issuer` of an issuer: PUBLIC_URL/issuers/{issuerId}. */
export function credentialIssuerOf(config: PlatformConfig, issuerId: string): string {
  return credentialIssuerUrl(config.publicUrl, issuerId);
}
