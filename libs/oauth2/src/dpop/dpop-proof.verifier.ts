import { calculateJwkThumbprint, type JWK } from 'jose';
import type { HashCallback, UseJtiCallback, VerifySignatureCallback } from '../callbacks';
import { base64UrlEncode } from '../encoding/base64url';
import { decodeCompactJws, isAsymmetricAlg } from '../encoding/compact-jws';
import { constantTimeEqual } from '../encoding/constant-time';
import { sanitizeErrorDescription } from '../errors/oauth2.error';
import { algMatchesKty, checkPublicJwk } from '../jwk/public-jwk';
import { normalizeHtu } from './htu';

/** `typ` of a DPoP proof (RFC 9449 §4.2). */
export const DPOP_JWT_TYP = 'dpop+jwt';

/** The request a proof must match: method and the URI the client used (external URL, not behind the proxy). */
export interface DpopRequest {
  method: string;
  url: string;
  /** The access token presented with the request (resource endpoints); the proof's `ath` must hash it. */
  accessToken?: string;
}

export interface DpopVerificationOptions {
  /** `dpop_signing_alg_values_supported`; only asymmetric algorithms are ever accepted. */
  allowedAlgs: readonly string[];
  nowSeconds: number;
  /** Oldest acceptable `iat` relative to now; also how long `jti`s are remembered. Default 60 s. */
  maxAgeSeconds?: number;
  /** Tolerated `iat` in the future (clock skew). Default 60 s. */
  maxFutureSkewSeconds?: number;
  /** Thumbprint the key must have: `cnf.jkt` of the access token, or the key a code/refresh token is bound to. */
  expectedJkt?: string;
  /** Whether a server nonce is required (RFC 9449 §8, §9); a proof without a valid one gets `use_dpop_nonce`. */
  requireNonce?: boolean;
}

export interface DpopVerificationCallbacks {
  verifySignature: VerifySignatureCallback;
  hash: HashCallback;
  /** Single use of `jti` across replicas (RFC 9449 §11.1). */
  useJti: UseJtiCallback;
  /** Whether a proof's `nonce` is one this server issued and still accepts (e.g. a stateless HMAC nonce). */
  checkNonce?: (nonce: string) => boolean | Promise<boolean>;
}

export type DpopVerificationResult =
  | { verified: true; jkt: string; jwk: Record<string, unknown>; jti: string; alg: string; payload: Record<string, unknown> }
  | { verified: false; error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string };

type Failure = Extract<DpopVerificationResult, { verified: false }>;
const fail = (description: string, error: Failure['error'] = 'invalid_dpop_proof'): Failure => ({
  verified: false,
  error,
  description: sanitizeErrorDescription(description),
});

function checkClaims(payload: Record<string, unknown>, request: DpopRequest, options: DpopVerificationOptions): Failure | undefined {
  const jti = payload['jti'];
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256)
    return fail('DPoP proof jti must be a string of 1 to 256 characters');
  if (payload['htm'] !== request.method) return fail(`DPoP proof htm must be ${request.method}`);
  const htu = normalizeHtu(payload['htu']);
  if (htu === undefined || htu !== normalizeHtu(request.url)) return fail('DPoP proof htu does not match the request URI');
  const iat = payload['iat'];
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return fail('DPoP proof iat is required and must be a number');
  if (options.nowSeconds - iat > (options.maxAgeSeconds ?? 60)) return fail('DPoP proof iat is too old');
  if (iat - options.nowSeconds > (options.maxFutureSkewSeconds ?? 60)) return fail('DPoP proof iat is in the future');
  const exp = payload['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || options.nowSeconds >= exp)) return fail('DPoP proof has expired');
  const nbf = payload['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - options.nowSeconds > (options.maxFutureSkewSeconds ?? 60))) {
    return fail('DPoP proof is not yet valid');
  }
  return undefined;
}

async function checkBinding(
  payload: Record<string, unknown>,
  request: DpopRequest,
  jkt: string,
  options: DpopVerificationOptions,
  callbacks: DpopVerificationCallbacks,
): Promise<Failure | undefined> {
  if (request.accessToken !== undefined) {
    const ath = payload['ath'];
    const expected = base64UrlEncode(await callbacks.hash(new TextEncoder().encode(request.accessToken), 'sha-256'));
    if (typeof ath !== 'string' || !constantTimeEqual(ath, expected)) return fail('DPoP proof ath does not match the access token');
  }
  if (options.expectedJkt !== undefined && !constantTimeEqual(jkt, options.expectedJkt)) {
    return fail('DPoP proof key does not match the key the token is bound to');
  }
  const nonce = payload['nonce'];
  if (nonce !== undefined || options.requireNonce) {
    const valid = typeof nonce === 'string' && callbacks.checkNonce !== undefined && (await callbacks.checkNonce(nonce));
    if (!valid)
      return fail(nonce === undefined ? 'DPoP proof needs a server nonce' : 'DPoP proof nonce is invalid or expired', 'use_dpop_nonce');
  }
  return undefined;
}

/**
 * Verifies a DPoP proof (RFC 9449 §4.3): one compact JWS, `typ` dpop+jwt, an allowed asymmetric `alg`, a public
 * `jwk` header (no private members), the signature with that key, `htm`/`htu` of this request, `iat` inside the
 * window, `ath` when an access token is presented, the bound key (`expectedJkt`), the server nonce, and finally a
 * single-use `jti` (`useJti`, only for otherwise valid proofs). `proof` is the raw `DPoP` header value(s): more
 * than one is refused, and none is `invalid_dpop_proof` (call it without a header when DPoP is required, e.g.
 * `requireDpop` or a bound code/token). Returns the key's RFC 7638 thumbprint to bind tokens with (`cnf.jkt`).
 * Turn a failure into the HTTP error with `dpopErrorFor`.
 */
export async function verifyDpopProof(
  proof: string | readonly string[] | undefined,
  request: DpopRequest,
  options: DpopVerificationOptions,
  callbacks: DpopVerificationCallbacks,
): Promise<DpopVerificationResult> {
  if (proof === undefined || (Array.isArray(proof) && proof.length === 0)) return fail('a DPoP proof is required');
  if (Array.isArray(proof) && proof.length !== 1) return fail('exactly one DPoP header is allowed');
  const jws = decodeCompactJws(Array.isArray(proof) ? proof[0] : proof);
  if (!jws) return fail('DPoP proof must be a compact JWS with JSON header and payload');
  const { header, payload } = jws;
  if (header['typ'] !== DPOP_JWT_TYP) return fail(`DPoP proof typ must be ${DPOP_JWT_TYP}`);
  const alg = header['alg'];
  if (!isAsymmetricAlg(alg) || !options.allowedAlgs.includes(alg)) return fail('DPoP proof alg is not supported');
  if (header['crit'] !== undefined) return fail('DPoP proof crit header parameters are not supported');
  const key = checkPublicJwk(header['jwk']);
  if (!key.ok) return fail(`DPoP proof ${key.description}`);
  if (!algMatchesKty(alg, key.jwk['kty'])) return fail(`DPoP proof alg ${alg} does not match the jwk`);
  let signatureValid = false;
  try {
    signatureValid = await callbacks.verifySignature({ alg, jwk: key.jwk, signingInput: jws.signingInput, signature: jws.signature });
  } catch {
    signatureValid = false; // an unusable attacker-supplied key is a bad proof, not a server error
  }
  if (!signatureValid) return fail('DPoP proof signature is invalid');
  const claimsFailure = checkClaims(payload, request, options);
  if (claimsFailure) return claimsFailure;
  const jkt = await calculateJwkThumbprint(key.jwk as JWK, 'sha256');
  const bindingFailure = await checkBinding(payload, request, jkt, options, callbacks);
  if (bindingFailure) return bindingFailure;
  const jti = payload['jti'] as string;
  const iat = payload['iat'] as number;
  const expiresAt = new Date(
    (Math.max(iat, options.nowSeconds) + (options.maxAgeSeconds ?? 60) + (options.maxFutureSkewSeconds ?? 60)) * 1000,
  );
  if (!(await callbacks.useJti(jti, expiresAt))) return fail('DPoP proof jti has been used before');
  return { verified: true, jkt, jwk: key.jwk, jti, alg, payload };
}
