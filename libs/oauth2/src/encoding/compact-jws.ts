import { base64UrlDecode, base64UrlDecodeJsonObject } from './base64url';

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Uint8Array;
  /** `<header>.<payload>` exactly as received: the bytes the signature covers. */
  signingInput: string;
}

/** Longest JWS decoded by default: proofs, DPoP proofs, attestations and access tokens are small. */
export const DEFAULT_MAX_JWS_LENGTH = 16_384;

/**
 * Decodes a compact JWS (RFC 7515 §7.1) whose header and payload are JSON objects (strict base64url, non-empty
 * signature); `undefined` otherwise, or when longer than `maxLength` characters (default 16 KiB; presentations
 * that embed credentials need more). Checks nothing about `alg` or the signature.
 */
export function decodeCompactJws(jws: unknown, options: { maxLength?: number } = {}): DecodedJws | undefined {
  if (typeof jws !== 'string' || jws.length > (options.maxLength ?? DEFAULT_MAX_JWS_LENGTH)) return undefined;
  const parts = jws.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = base64UrlDecodeJsonObject(headerPart);
  const payload = base64UrlDecodeJsonObject(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!header || !payload || !signature || signature.length === 0) return undefined;
  return { header, payload, signature, signingInput: `${headerPart}.${payloadPart}` };
}

/**
 * Whether `alg` names an asymmetric JWS algorithm (RFC 7518 §3.1, RFC 8037). Security: `none` and the HMAC
 * algorithms are never acceptable for proofs of possession, whatever an allow-list says.
 */
export function isAsymmetricAlg(alg: unknown): alg is string {
  return typeof alg === 'string' && /^(ES256|ES384|ES512|ES256K|EdDSA|Ed25519|Ed448|RS256|RS384|RS512|PS256|PS384|PS512)$/.test(alg);
}
