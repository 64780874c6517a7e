import { invalidRequest } from '../errors/oid4vp-error';
import { base64UrlDecode, base64UrlDecodeJson, isPlainObject } from './base64url';

/** Upper bound for any JWT this library decodes; a presentation of a few credentials fits comfortably. */
export const MAX_JWT_LENGTH = 256 * 1024;

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Uint8Array;
  /** `<header>.<payload>` exactly as received: the bytes the signature covers. */
  signingInput: string;
}

/**
 * Whether `alg` is an asymmetric JWS algorithm (RFC 7518 §3.1, RFC 8037). Security: `none` and the HMAC algorithms
 * are never acceptable for anything a third party signed.
 */
export function isAsymmetricAlg(alg: unknown): alg is string {
  return typeof alg === 'string' && /^(ES256|ES384|ES512|ES256K|EdDSA|Ed25519|RS256|RS384|RS512|PS256|PS384|PS512)$/.test(alg);
}

/**
 * Decodes a compact JWS (RFC 7515 §7.1) whose header and payload are JSON objects, with an asymmetric `alg` and no
 * `crit` (RFC 7515 §4.1.11: we understand no extension). Throws `invalid_request` / `malformed` naming `what`.
 */
export function decodeJws(jws: unknown, what: string): DecodedJws {
  if (typeof jws !== 'string' || jws.length === 0 || jws.length > MAX_JWT_LENGTH)
    throw invalidRequest('malformed', `${what} is not a compact JWS`);
  const parts = jws.split('.');
  if (parts.length !== 3) throw invalidRequest('malformed', `${what} is not a compact JWS`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = base64UrlDecodeJson(headerPart);
  const payload = base64UrlDecodeJson(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!isPlainObject(header) || !isPlainObject(payload) || !signature || signature.length === 0) {
    throw invalidRequest('malformed', `${what} is not a compact JWS with JSON header and payload`);
  }
  if (!isAsymmetricAlg(header['alg'])) throw invalidRequest('unsupported', `${what} alg is missing or not an asymmetric JWS algorithm`);
  if (header['crit'] !== undefined) throw invalidRequest('unsupported', `${what} has crit header parameters`);
  return { header, payload, signature, signingInput: `${headerPart}.${payloadPart}` };
}
