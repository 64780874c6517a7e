import { isPlainObject } from '../encoding/base64url';

/** Authorization details type of OID4VCI 1.0 §5.1.1. */
export const OPENID_CREDENTIAL_TYPE = 'openid_credential';

/**
 * An `openid_credential` authorization detail (OID4VCI 1.0 §5.1.1, RFC 9396). `claims` (claims description
 * objects, Appendix B) and `locations` are kept when present; other members are dropped.
 */
export interface CredentialAuthorizationDetail {
  type: 'openid_credential';
  credential_configuration_id: string;
  claims?: Record<string, unknown>[];
  locations?: string[];
}

export type AuthorizationDetailsParse = { ok: true; details: CredentialAuthorizationDetail[] } | { ok: false; description: string };

/**
 * Parses the `authorization_details` parameter (RFC 9396 §2: a JSON array of objects with a `type`). Only
 * `openid_credential` entries with a `credential_configuration_id` string are accepted; `locations`, when present,
 * must contain `credentialIssuer` if one is given (OID4VCI 1.0 §5.1.1). A failure is `invalid_authorization_details`
 * (RFC 9396 §5) at the authorization and PAR endpoints, `invalid_request` at the token endpoint.
 */
export function parseAuthorizationDetails(text: string, options: { credentialIssuer?: string } = {}): AuthorizationDetailsParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, description: 'authorization_details is not valid JSON' };
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    return { ok: false, description: 'authorization_details must be a non-empty JSON array' };
  if (parsed.length > 50) return { ok: false, description: 'authorization_details has too many entries' };
  const details: CredentialAuthorizationDetail[] = [];
  for (const [i, entry] of parsed.entries()) {
    if (!isPlainObject(entry) || typeof entry['type'] !== 'string')
      return { ok: false, description: `authorization_details[${i}] needs a type` };
    if (entry['type'] !== OPENID_CREDENTIAL_TYPE)
      return { ok: false, description: `authorization_details[${i}] type ${entry['type']} is not supported` };
    const id = entry['credential_configuration_id'];
    if (typeof id !== 'string' || id.length === 0)
      return { ok: false, description: `authorization_details[${i}] needs a credential_configuration_id string` };
    const detail: CredentialAuthorizationDetail = { type: OPENID_CREDENTIAL_TYPE, credential_configuration_id: id };
    const claims = entry['claims'];
    if (claims !== undefined) {
      if (!Array.isArray(claims) || !claims.every(isPlainObject))
        return { ok: false, description: `authorization_details[${i}].claims must be an array of objects` };
      detail.claims = claims;
    }
    const locations = entry['locations'];
    if (locations !== undefined) {
      if (!Array.isArray(locations) || !locations.every((l) => typeof l === 'string')) {
        return { ok: false, description: `authorization_details[${i}].locations must be an array of strings` };
      }
      if (options.credentialIssuer !== undefined && !locations.includes(options.credentialIssuer)) {
        return { ok: false, description: `authorization_details[${i}].locations does not name this credential issuer` };
      }
      detail.locations = locations;
    }
    details.push(detail);
  }
  return { ok: true, details };
}
