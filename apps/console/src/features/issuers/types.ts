/**
 * The shapes of the admin API's issuers area as the console reads and sends them (API.md §4, docs/api-additions.md;
 * issuer-api's issuers/issuer-config.schema.ts, users/user.schema.ts, webhooks/signing-secret.repository.ts).
 * Type aliases rather than interfaces so that they fit @mantine/form's `Record<string, unknown>` values.
 */

/** A logo of a display entry (OID4VCI 1.0 §12.2.4). */
export type Logo = { uri: string; alt_text?: string };

/** `IssuerConfig.display[]`: what wallets show as the issuer. */
export type IssuerDisplay = { name: string; locale?: string; logo?: Logo };

/** `credential_metadata.display[]` of a credential configuration: the wallet card. */
export type CredentialDisplay = {
  name: string;
  locale?: string;
  logo?: Logo;
  description?: string;
  background_color?: string;
  background_image?: { uri: string };
  text_color?: string;
};

/** `credential_metadata.claims[]` (OID4VCI 1.0 Appendix B.2). */
export type ClaimDescription = {
  path: (string | number | null)[];
  mandatory?: boolean;
  display?: { name?: string; locale?: string }[];
};

/** An OID4VCI 1.0 credential configuration; members the console does not know pass through untouched. */
export type CredentialConfiguration = {
  format: string;
  scope?: string;
  vct?: string;
  doctype?: string;
  credential_definition?: { type: string[]; '@context'?: unknown[] };
  cryptographic_binding_methods_supported?: string[];
  credential_signing_alg_values_supported?: (string | number)[];
  proof_types_supported?: Record<string, { proof_signing_alg_values_supported: string[] } & Record<string, unknown>>;
  credential_metadata?: { display?: CredentialDisplay[]; claims?: ClaimDescription[] };
  [member: string]: unknown;
};

/** The issuer as the authorization server (API.md §11); only the switches the form edits are named. */
export type AuthorizationSettings = {
  requirePar?: boolean;
  requireDpop?: boolean;
  requireDpopNonce?: boolean;
  accessTokenTtl?: string;
  refreshTokens?: boolean;
  [member: string]: unknown;
};

/** The request body of `POST /api/v1/issuers` and `PUT /api/v1/issuers/{issuerId}`. */
export type IssuerConfig = {
  id: string;
  display?: IssuerDisplay[];
  tokenKeyId?: string;
  statusListKeyId?: string;
  credentialConfigurations: Record<string, CredentialConfiguration>;
  batchSize?: number;
  signedMetadata?: { keyId: string; certificateId?: string };
  authorization?: AuthorizationSettings;
  keyAttestationTrust?: Record<string, unknown>;
};

/** An issuer as the API answers it. */
export type Issuer = IssuerConfig & { credentialIssuer: string; createdAt: string; updatedAt: string };

/** `GET /api/v1/keys` items (API.md §1 plus lifecycle and owner). */
export type Key = {
  keyId: string;
  name: string | null;
  type: string;
  backend: string;
  alg: string;
  createdAt: string;
  status?: 'ACTIVE' | 'DISABLED';
  issuerId?: string;
};

/** A user of the issuer's `PASSWORD` login (never with its password). */
export type IssuerUser = { username: string; claims: Record<string, unknown>; createdAt: string; updatedAt: string };

/** `GET /api/v1/issuers/{issuerId}/webhook-secret`: the status only; a rotation's answer adds `secret` once. */
export type WebhookSecretStatus = {
  issuerId: string;
  createdAt: string;
  rotatedAt: string | null;
  previousSecretActiveUntil: string | null;
};

/** The public Credential Issuer Metadata (OID4VCI 1.0 §12.2.4) as far as the wallet preview reads it. */
export type IssuerMetadata = {
  credential_issuer: string;
  display?: IssuerDisplay[];
  credential_configurations_supported: Record<string, CredentialConfiguration>;
};
