import { decodeCompactJws, isAsymmetricAlg, type DecodedJws } from '@issuer/oauth2';
import { invalidRequest } from '../errors/oid4vp-error';

/** Upper bound for any JWT this library decodes; a presentation of a few credentials fits comfortably. */
export const MAX_JWT_LENGTH = 256 * 1024;

/**
 * Decodes a compact JWS (RFC 7515 §7.1) with `@issuer/oauth2`'s strict decoder (JSON object header and payload,
 * canonical base64url, up to {@link MAX_JWT_LENGTH}), with an asymmetric `alg` and no `crit` (RFC 7515 §4.1.11: we
 * understand no extension). Throws `invalid_request` / `malformed` or `unsupported` naming `what`.
 */
export function decodeJws(jws: unknown, what: string): DecodedJws {
  const decoded = decodeCompactJws(jws, { maxLength: MAX_JWT_LENGTH });
  if (!decoded) throw invalidRequest('malformed', `${what} is not a compact JWS with JSON header and payload`);
  if (!isAsymmetricAlg(decoded.header['alg']))
    throw invalidRequest('unsupported', `${what} alg is missing or not an asymmetric JWS algorithm`);
  if (decoded.header['crit'] !== undefined) throw invalidRequest('unsupported', `${what} has crit header parameters`);
  return decoded;
}
