import { PRIVATE_JWK_MEMBERS } from '@issuer/oauth2';
import { Oid4vciError } from '../errors/oid4vci.error';

export interface JwtVcIssuerMetadata {
  issuer: string;
  jwks: { keys: Record<string, unknown>[] };
}

/**
 * Builds SD-JWT VC JWT VC Issuer Metadata (`/.well-known/jwt-vc-issuer`): `{ issuer, jwks: { keys } }`.
 * Security: throws `server_error` if a key holds private material, so a misconfigured key never gets published.
 */
export function buildJwtVcIssuerMetadata(input: {
  credentialIssuer: string;
  jwks: Record<string, unknown>[] | { keys: Record<string, unknown>[] };
}): JwtVcIssuerMetadata {
  const keys = Array.isArray(input.jwks) ? input.jwks : input.jwks.keys;
  for (const key of keys) {
    if (PRIVATE_JWK_MEMBERS.some((member) => member in key)) {
      throw new Oid4vciError('server_error', 'refusing to publish a JWK with private key material');
    }
  }
  return { issuer: input.credentialIssuer, jwks: { keys: keys.map((key) => ({ ...key })) } };
}
