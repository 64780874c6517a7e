/**
 * The shapes of the admin API's profiles area as the console reads and sends them (API.md §5, §10,
 * docs/api-additions.md; issuer-api's profiles/profile.schema.ts, profile-versions.controller.ts, profile-preview.ts).
 * Type aliases rather than interfaces so that they fit @mantine/form's `Record<string, unknown>` values.
 */

export type StatusListType = 'TokenStatusList' | 'BitstringStatusList' | 'StatusList2021';

/** `Profile.credentialStatus`: the status list entry every credential of the profile gets. */
export type CredentialStatus = {
  type: StatusListType;
  purpose?: string | string[];
  statusListId?: string;
  initialStatus?: 'VALID' | 'SUSPENDED';
  statusMessage?: { status: string; message: string }[];
};

/** How the subject logs in during the authorization code flow (API.md §11). */
export type Authentication =
  | { method: 'PASSWORD' }
  | { method: 'ID_TOKEN' }
  | { method: 'EXTERNAL_IDP'; identityProvider: string }
  | { method: 'VP_TOKEN'; dcqlQuery: Record<string, unknown>; trustedIssuers?: unknown[] };

/** The request body of `POST …/profiles` and `PUT …/profiles/{profileId}` (every member of the API's schema). */
export type ProfileBody = {
  id?: string;
  name: string;
  credentialConfigurationId: string;
  issuerKeyId: string;
  issuerDid?: string;
  x5Chain?: string[];
  certificateId?: string;
  w3cVersion?: '1.1' | '2.0';
  credentialData: Record<string, unknown>;
  mapping?: Record<string, unknown>;
  selectiveDisclosure?: unknown;
  idTokenClaimsMapping?: Record<string, string>;
  mDocNameSpacesDataMappingConfig?: Record<string, unknown>;
  credentialStatus?: CredentialStatus;
  notifications?: { webhook: { url: string; bearerToken?: string } };
  validity?: { validFor?: string; validFrom?: string; expectedUpdate?: string };
  display?: unknown;
  issuance?: { mode: 'IMMEDIATE' | 'DEFERRED'; interval?: number; expiresIn?: string };
  authentication?: Authentication;
  walletInitiated?: boolean;
};

/** A profile as the API answers it: its body plus what the API adds. */
export type Profile = Omit<ProfileBody, 'id'> & {
  profileId: string;
  issuerId: string;
  version: number;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: string;
  updatedAt: string;
};

/** One entry of `GET …/profiles/{profileId}/versions`. */
export type ProfileVersionSummary = {
  version: number;
  name: string;
  credentialConfigurationId: string;
  createdAt: string;
  current: boolean;
};

/** `GET …/versions/{version}`: that version's body as written. */
export type ProfileVersion = Omit<ProfileBody, 'id'> & {
  profileId: string;
  issuerId: string;
  version: number;
  createdAt: string;
  current: boolean;
};

/** A value of the preview that a real issuance fills differently (docs/api-additions.md, data functions preview). */
export type PreviewPlaceholder = {
  target: 'credentialData' | 'jwtClaims';
  path: (string | number)[];
  function: string;
  kind: 'holder' | 'session' | 'per-credential' | 'signing-time' | 'webhook';
  value: unknown;
  reason: string;
};

/** `POST …/profiles/{profileId}/preview`. */
export type ProfilePreview = {
  profileId: string;
  version: number;
  previewedAt: string;
  credentialData: Record<string, unknown>;
  jwtClaims: Record<string, unknown>;
  placeholders: PreviewPlaceholder[];
  warnings: { path?: (string | number)[]; message: string }[];
  failure?: { message: string; errors: { path: string; message: string }[] };
};

/** What the profile pages need of an issuer (`GET /api/v1/issuers/{issuerId}`). */
export type IssuerSummary = {
  id: string;
  display?: { name: string; locale?: string }[];
  credentialConfigurations: Record<string, { format: string; [member: string]: unknown }>;
  authorization?: { identityProviders?: Record<string, unknown>; [member: string]: unknown };
  tokenKeyId?: string;
};

/** A kms key as `GET /api/v1/keys` lists it (with its owner, API.md §13). */
export type Key = {
  keyId: string;
  name: string | null;
  type: string;
  alg: string;
  status?: 'ACTIVE' | 'DISABLED';
  issuerId?: string;
};

/** `GET /api/v1/dids` entries. */
export type Did = { did: string; method: string; keyId: string; issuerId?: string };

/** `GET /api/v1/certificates` entries (no PEM). */
export type Certificate = {
  certificateId: string;
  profile: string;
  keyId: string | null;
  subject: { commonName?: string };
  notAfter: string;
  issuerId?: string;
};
