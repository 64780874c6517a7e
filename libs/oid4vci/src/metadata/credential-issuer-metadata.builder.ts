import type { CredentialConfiguration } from './credential-configuration.schema';

/** Issuer display entry (OID4VCI 1.0 §12.2.4 `display`). */
export interface IssuerDisplay {
  name?: string;
  locale?: string;
  logo?: { uri: string; alt_text?: string };
  [extra: string]: unknown;
}

export interface CredentialIssuerMetadataInput {
  /** Credential issuer identifier, e.g. from {@link credentialIssuerUrl}; used verbatim (no trailing slash). */
  credentialIssuer: string;
  display?: IssuerDisplay[];
  credentialConfigurations: Record<string, CredentialConfiguration>;
  /** Maximum proofs per credential request; advertised only when greater than 1. */
  batchSize?: number;
  /** `authorization_servers` (§12.2.4): omitted when the issuer is its own and only authorization server. */
  authorizationServers?: string[];
}

export interface CredentialIssuerMetadata {
  credential_issuer: string;
  authorization_servers?: string[];
  credential_endpoint: string;
  nonce_endpoint: string;
  deferred_credential_endpoint: string;
  notification_endpoint: string;
  display?: IssuerDisplay[];
  batch_credential_issuance?: { batch_size: number };
  credential_configurations_supported: Record<string, CredentialConfiguration & { credential_metadata: object }>;
}

/**
 * Builds the Credential Issuer Metadata (OID4VCI 1.0 §12.2.4). `authorization_servers` only when given (absent,
 * wallets use the credential issuer as its own authorization server). Every configuration carries `credential_metadata` (the OWF wallet
 * library detects a 1.0 issuer only by it), and `dc+sd-jwt` configurations without `vct` get
 * `${credentialIssuer}/types/${configId}` (API.md §4), where the Type Metadata is served.
 * The deferred (§9) and notification (§11) endpoints are always advertised: deferral can be chosen per offer.
 */
export function buildCredentialIssuerMetadata(input: CredentialIssuerMetadataInput): CredentialIssuerMetadata {
  const ci = input.credentialIssuer;
  const configurations: CredentialIssuerMetadata['credential_configurations_supported'] = {};
  for (const [configId, original] of Object.entries(input.credentialConfigurations)) {
    const config = structuredClone(original) as CredentialConfiguration & Record<string, unknown>;
    if (config.format === 'dc+sd-jwt' && !config.vct) config.vct = `${ci}/types/${encodeURIComponent(configId)}`;
    if (!config.credential_metadata) {
      // Draft-13 style configurations kept display at the top level; 1.0 moved it into credential_metadata.
      config.credential_metadata = Array.isArray(config['display']) ? { display: config['display'] as never } : {};
    }
    configurations[configId] = config as CredentialConfiguration & { credential_metadata: object };
  }
  const metadata: CredentialIssuerMetadata = {
    credential_issuer: ci,
    ...(input.authorizationServers?.length ? { authorization_servers: [...input.authorizationServers] } : {}),
    credential_endpoint: `${ci}/credential`,
    nonce_endpoint: `${ci}/nonce`,
    deferred_credential_endpoint: `${ci}/deferred_credential`,
    notification_endpoint: `${ci}/notification`,
    credential_configurations_supported: configurations,
  };
  if (input.display && input.display.length > 0) metadata.display = structuredClone(input.display);
  if (input.batchSize !== undefined && input.batchSize > 1) {
    metadata.batch_credential_issuance = { batch_size: Math.floor(input.batchSize) };
  }
  return metadata;
}

/**
 * The credential issuer identifier of a hosted issuer (API.md §8): `${publicUrl}/issuers/${issuerId}`, with
 * trailing slashes of `publicUrl` removed. Wallets compare it as a plain string (OID4VCI §12.2.2), so every
 * component must build it through this function.
 */
export function credentialIssuerUrl(publicUrl: string, issuerId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/issuers/${encodeURIComponent(issuerId)}`;
}
