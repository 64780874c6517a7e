import { Oid4vciError } from '@issuer/oid4vci';

/** RFC 6750 §3.1: an access token the resource endpoints refuse is `401 invalid_token` with a `WWW-Authenticate` challenge. */
export function invalidToken(description: string): Oid4vciError {
  return new Oid4vciError('invalid_token', description, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
}
