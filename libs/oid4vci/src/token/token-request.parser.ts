import { isPlainObject } from '@issuer/oauth2';
import { Oid4vciError } from '../errors/oid4vci.error';
import { PRE_AUTHORIZED_CODE_GRANT_TYPE } from '../metadata/authorization-server-metadata.builder';

/** An `openid_credential` authorization detail (OID4VCI 1.0 §5.1.1); other members are dropped. */
export interface AuthorizationDetail {
  type: 'openid_credential';
  credential_configuration_id: string;
}

export interface PreAuthorizedCodeTokenRequest {
  grantType: 'pre-authorized_code';
  preAuthorizedCode: string;
  txCode?: string;
  authorizationDetails?: AuthorizationDetail[];
}

/**
 * Reads one form parameter. RFC 6749 §3.2: parameters must not repeat (→ `invalid_request`), and an empty
 * value counts as absent. Only parameters this endpoint understands are read, so a repeated `resource`
 * (allowed by RFC 8707) or other unknown parameters are ignored.
 */
function single(form: Record<string, unknown>, name: string): string | undefined {
  let value = form[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw new Oid4vciError('invalid_request', `parameter ${name} must not be repeated`);
    value = value[0];
  }
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Oid4vciError('invalid_request', `parameter ${name} must be a string`);
  return value;
}

function parseAuthorizationDetails(text: string): AuthorizationDetail[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new Oid4vciError('invalid_request', 'authorization_details is not valid JSON', { cause });
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Oid4vciError('invalid_request', 'authorization_details must be a non-empty JSON array');
  }
  return parsed.map((entry, i) => {
    if (!isPlainObject(entry) || entry['type'] !== 'openid_credential') {
      throw new Oid4vciError('invalid_request', `authorization_details[${i}] must have type openid_credential`);
    }
    const id = entry['credential_configuration_id'];
    if (typeof id !== 'string' || id.length === 0) {
      throw new Oid4vciError('invalid_request', `authorization_details[${i}] needs a credential_configuration_id string`);
    }
    return { type: 'openid_credential', credential_configuration_id: id };
  });
}

/**
 * Parses a token request (OID4VCI 1.0 §6.1) from an already decoded `application/x-www-form-urlencoded`
 * body. Only the pre-authorized code grant is supported; any other grant is `unsupported_grant_type`.
 * Unknown parameters (`user_pin`, `resource`, `client_id`, ...) are ignored as §6.1 requires. Whether a
 * `tx_code` is required, and whether the code and tx_code are right, is checked by the caller against the
 * stored offer (missing/unexpected → `invalid_request`, wrong → `invalid_grant`).
 */
export function parseTokenRequest(form: Record<string, unknown>): PreAuthorizedCodeTokenRequest {
  if (!isPlainObject(form)) throw new Oid4vciError('invalid_request', 'token request body must be a form');
  const grantType = single(form, 'grant_type');
  if (grantType === undefined) throw new Oid4vciError('invalid_request', 'grant_type is required');
  if (grantType !== PRE_AUTHORIZED_CODE_GRANT_TYPE) {
    throw new Oid4vciError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }
  const preAuthorizedCode = single(form, 'pre-authorized_code');
  if (preAuthorizedCode === undefined) throw new Oid4vciError('invalid_request', 'pre-authorized_code is required');
  const request: PreAuthorizedCodeTokenRequest = { grantType: 'pre-authorized_code', preAuthorizedCode };
  const txCode = single(form, 'tx_code');
  if (txCode !== undefined) request.txCode = txCode;
  const details = single(form, 'authorization_details');
  if (details !== undefined) request.authorizationDetails = parseAuthorizationDetails(details);
  return request;
}
