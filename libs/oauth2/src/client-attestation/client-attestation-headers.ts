import { OAuth2Error } from '../errors/oauth2.error';

/** HTTP header of the Client Attestation JWT (draft-ietf-oauth-attestation-based-client-auth §6.1). */
export const CLIENT_ATTESTATION_HEADER = 'OAuth-Client-Attestation';
/** HTTP header of the Client Attestation PoP JWT (same section). */
export const CLIENT_ATTESTATION_POP_HEADER = 'OAuth-Client-Attestation-PoP';
/** Header carrying a fresh server challenge with `use_attestation_challenge` (draft §8.1). */
export const CLIENT_ATTESTATION_CHALLENGE_HEADER = 'OAuth-Client-Attestation-Challenge';
/** `token_endpoint_auth_methods_supported` value of this method (draft §13.4). */
export const ATTEST_JWT_CLIENT_AUTH = 'attest_jwt_client_auth';

export type RequestHeaders = Record<string, string | readonly string[] | undefined>;

export interface ClientAttestationHeaders {
  attestation: string;
  pop: string;
}

function headerValues(headers: RequestHeaders, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value as string]));
  }
  return values;
}

/**
 * Reads the two client attestation headers (names case-insensitive, RFC 9110). Returns `undefined` when neither
 * is present (the request does not use this method); throws `invalid_client` (401) when only one is present,
 * either repeats (draft §6.2: precisely one of each) or a value is not a compact JWT.
 */
export function readClientAttestationHeaders(headers: RequestHeaders): ClientAttestationHeaders | undefined {
  const attestation = headerValues(headers, CLIENT_ATTESTATION_HEADER);
  const pop = headerValues(headers, CLIENT_ATTESTATION_POP_HEADER);
  if (attestation.length === 0 && pop.length === 0) return undefined;
  if (attestation.length !== 1 || pop.length !== 1) {
    throw new OAuth2Error(
      'invalid_client',
      `exactly one ${CLIENT_ATTESTATION_HEADER} and one ${CLIENT_ATTESTATION_POP_HEADER} header are required`,
    );
  }
  const jwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
  if (!jwt.test(attestation[0] as string) || !jwt.test(pop[0] as string))
    throw new OAuth2Error('invalid_client', 'client attestation headers must hold compact JWTs');
  return { attestation: attestation[0] as string, pop: pop[0] as string };
}
