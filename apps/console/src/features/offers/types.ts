/** The offer shapes of the admin API (API.md §6; apps/issuer-api/src/offers/offer-request.schema.ts). */
export type AuthMethod = 'PRE_AUTHORIZED' | 'AUTHORIZED';
export type ValueMode = 'BY_REFERENCE' | 'BY_VALUE';
export type TxInputMode = 'numeric' | 'text';

export interface TxCode {
  input_mode: TxInputMode;
  length?: number;
  description?: string;
}

/** Body of `POST .../offers` (and one entry of `POST .../offers/batch`). */
export interface OfferRequest {
  authMethod: AuthMethod;
  valueMode: ValueMode;
  issuerStateMode?: 'INCLUDE' | 'OMIT';
  expiresInSeconds: number;
  txCode?: TxCode;
  txCodeValue?: string;
  runtimeOverrides?: Record<string, unknown>;
  sessionId?: string;
}

export interface OfferResponse {
  offerId: string;
  sessionId: string;
  profileId: string;
  profileVersion: number;
  authMethod: AuthMethod;
  /** null: the offer never expires. */
  expiresAt: string | null;
  txCodeValue?: string;
  /** The deep link wallets open: `openid-credential-offer://?credential_offer_uri=…` (or `credential_offer=` by value). */
  credentialOffer: string;
  credentialOfferUri?: string;
}

/** What the offer pages need of a profile (`GET .../profiles/{profileId}`). */
export interface ProfileSummary {
  profileId: string;
  issuerId: string;
  name: string;
  version: number;
  status: 'ACTIVE' | 'INACTIVE';
  credentialConfigurationId: string;
  credentialData?: Record<string, unknown>;
}

export interface IssuerSummary {
  id: string;
  display?: { name: string; locale?: string }[];
}

/** Same limits as the API's offer schema. */
export const MAX_EXPIRES_IN_SECONDS = 366 * 24 * 3600;
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const MAX_BATCH_OFFERS = 1000;
