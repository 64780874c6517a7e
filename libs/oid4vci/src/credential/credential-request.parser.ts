import { isPlainObject } from '@issuer/oauth2';
import { Oid4vciError } from '../errors/oid4vci.error';

/** The `proofs` of a request: exactly one member is set (OID4VCI 1.0 §8.2). */
export interface CredentialRequestProofs {
  /** `jwt` proofs (Appendix F.1), at most `maxProofs`. */
  jwt?: string[];
  /** `attestation` proof type (Appendix F.3): exactly one key attestation JWT. */
  attestation?: string[];
}

export interface CredentialRequest {
  credentialConfigurationId?: string;
  credentialIdentifier?: string;
  proofs?: CredentialRequestProofs;
}

/** Proof types this library verifies (Appendix F); `di_vp` is not one of them. */
export const SUPPORTED_PROOF_TYPES = ['jwt', 'attestation'] as const;

function fail(description: string): never {
  throw new Oid4vciError('invalid_credential_request', description);
}

function optionalId(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) fail(`${name} must be a non-empty string`);
  return value;
}

/**
 * Parses a Credential Request body (OID4VCI 1.0 §8.2). Exactly one of `credential_identifier` /
 * `credential_configuration_id`; `proofs` has exactly one key with a non-empty string array, and only the
 * `jwt` and `attestation` types are supported (else `invalid_proof`; `attestation` takes exactly one JWT). The draft-era singular `proof` is refused, and
 * `credential_response_encryption` is `invalid_encryption_parameters` since encryption is not supported.
 * At most `maxProofs` proofs (the advertised `batch_size`, default 1). Unknown fields are ignored. Whether the
 * configuration needs proofs at all is the caller's check (missing proofs → `invalid_proof`).
 */
export function parseCredentialRequest(body: unknown, options: { maxProofs?: number } = {}): CredentialRequest {
  if (!isPlainObject(body)) fail('credential request body must be a JSON object');
  if (body['credential_response_encryption'] !== undefined) {
    throw new Oid4vciError('invalid_encryption_parameters', 'credential response encryption is not supported');
  }
  if (body['proof'] !== undefined) {
    fail('the singular proof parameter is not supported; OpenID4VCI 1.0 uses proofs, e.g. {proofs: {jwt: [...]}}');
  }
  const credentialIdentifier = optionalId(body, 'credential_identifier');
  const credentialConfigurationId = optionalId(body, 'credential_configuration_id');
  if ((credentialIdentifier === undefined) === (credentialConfigurationId === undefined)) {
    fail('exactly one of credential_identifier or credential_configuration_id is required');
  }
  const request: CredentialRequest = credentialIdentifier !== undefined ? { credentialIdentifier } : { credentialConfigurationId };
  const proofs = body['proofs'];
  if (proofs === undefined) return request;
  if (!isPlainObject(proofs) || Object.keys(proofs).length !== 1) fail('proofs must be an object with exactly one proof type');
  const [proofType] = Object.keys(proofs) as [string];
  if (!SUPPORTED_PROOF_TYPES.includes(proofType as never)) {
    throw new Oid4vciError('invalid_proof', `proof type ${proofType} is not supported; use jwt or attestation`);
  }
  const jwts = proofs[proofType];
  if (!Array.isArray(jwts) || jwts.length === 0 || jwts.some((jwt) => typeof jwt !== 'string' || jwt.length === 0)) {
    fail(`proofs.${proofType} must be a non-empty array of strings`);
  }
  if (proofType === 'attestation') {
    if (jwts.length !== 1) fail('proofs.attestation must contain exactly one key attestation');
    request.proofs = { attestation: [...(jwts as string[])] };
    return request;
  }
  const maxProofs = options.maxProofs ?? 1;
  if (jwts.length > maxProofs) fail(`at most ${maxProofs} proofs are accepted per request`);
  request.proofs = { jwt: [...(jwts as string[])] };
  return request;
}
