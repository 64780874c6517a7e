import { Oid4vciError } from '../errors/oid4vci.error';
import { PRE_AUTHORIZED_CODE_GRANT_TYPE } from '../metadata/authorization-server-metadata.builder';
import { txCodeSchema, type TxCode, type TxCodeInput } from './tx-code.schema';

export interface CredentialOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants: {
    'urn:ietf:params:oauth:grant-type:pre-authorized_code'?: {
      'pre-authorized_code': string;
      tx_code?: TxCode;
      authorization_server?: string;
    };
    authorization_code?: { issuer_state?: string; authorization_server?: string };
  };
}

export interface CredentialOfferInput {
  credentialIssuer: string;
  credentialConfigurationIds: string[];
  /** Makes a pre-authorized code offer; must be single-use and short-lived (§4.1.1). */
  preAuthorizedCode?: string;
  /** Requires a transaction code (pre-authorized offers only). */
  txCode?: TxCodeInput;
  /** Adds the `authorization_code` grant with this `issuer_state`. */
  issuerState?: string;
  /**
   * The grant's `authorization_server` (§4.1.1): which entry of the metadata's `authorization_servers` serves it. Only
   * for issuers listing several, since a wallet must then be told.
   */
  authorizationServer?: string;
}

/**
 * Builds a Credential Offer object (OID4VCI 1.0 §4.1.1). With `preAuthorizedCode` it carries the
 * pre-authorized grant (and `tx_code` when given); with `issuerState`, or without a pre-authorized code,
 * the `authorization_code` grant. Throws `invalid_request` for empty or duplicate configuration ids, or a
 * `txCode` without a pre-authorized code.
 */
export function buildCredentialOffer(input: CredentialOfferInput): CredentialOffer {
  const ids = input.credentialConfigurationIds;
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new Oid4vciError('invalid_request', 'credential_configuration_ids must be a non-empty array of non-empty strings');
  }
  if (new Set(ids).size !== ids.length) {
    throw new Oid4vciError('invalid_request', 'credential_configuration_ids must be unique');
  }
  if (input.txCode && input.preAuthorizedCode === undefined) {
    throw new Oid4vciError('invalid_request', 'tx_code is only allowed with a pre-authorized code');
  }
  const grants: CredentialOffer['grants'] = {};
  if (input.preAuthorizedCode !== undefined) {
    if (input.preAuthorizedCode.length === 0) throw new Oid4vciError('invalid_request', 'pre-authorized_code must not be empty');
    const grant: { 'pre-authorized_code': string; tx_code?: TxCode; authorization_server?: string } = {
      'pre-authorized_code': input.preAuthorizedCode,
    };
    if (input.txCode) {
      const parsed = txCodeSchema.safeParse(input.txCode);
      if (!parsed.success) throw new Oid4vciError('invalid_request', 'tx_code is malformed', { cause: parsed.error });
      grant.tx_code = parsed.data;
    }
    if (input.authorizationServer !== undefined) grant.authorization_server = input.authorizationServer;
    grants[PRE_AUTHORIZED_CODE_GRANT_TYPE] = grant;
  }
  if (input.issuerState !== undefined || input.preAuthorizedCode === undefined) {
    grants.authorization_code = {
      ...(input.issuerState !== undefined ? { issuer_state: input.issuerState } : {}),
      ...(input.authorizationServer !== undefined ? { authorization_server: input.authorizationServer } : {}),
    };
  }
  return { credential_issuer: input.credentialIssuer, credential_configuration_ids: [...ids], grants };
}

/** Custom scheme of the wallet's Credential Offer endpoint (OID4VCI 1.0 §12.1.1). */
export const CREDENTIAL_OFFER_SCHEME = 'openid-credential-offer://';

/**
 * Builds the offer deep link (OID4VCI 1.0 §4.1): exactly one of `credential_offer` (URL-encoded JSON) or
 * `credential_offer_uri`. `scheme` may be e.g. `haip-vci://` or a wallet's https endpoint.
 */
export function credentialOfferLink(
  input: ({ offer: CredentialOffer; offerUri?: never } | { offerUri: string; offer?: never }) & { scheme?: string },
): string {
  const scheme = input.scheme ?? CREDENTIAL_OFFER_SCHEME;
  const base = scheme.includes('?') ? `${scheme}&` : `${scheme}?`;
  if (input.offer !== undefined) return `${base}credential_offer=${encodeURIComponent(JSON.stringify(input.offer))}`;
  return `${base}credential_offer_uri=${encodeURIComponent(input.offerUri)}`;
}
