import { OAuth2Error, sanitizeErrorDescription, type OAuth2ErrorCode } from '../errors/oauth2.error';

/** Where the DPoP failure happened: the AS token/PAR endpoints answer 400 JSON, resource endpoints 401. */
export type DpopEndpointKind = 'token' | 'resource';

export interface DpopErrorOptions {
  /** A fresh server nonce for the `DPoP-Nonce` header (required for `use_dpop_nonce`, RFC 9449 §8.1, §9). */
  nonce?: string;
  /** `algs` of the `WWW-Authenticate` challenge at resource endpoints (RFC 9449 §7.1). */
  allowedAlgs?: readonly string[];
}

/** `WWW-Authenticate: DPoP ...` challenge value (RFC 9449 §7.1, RFC 6750 §3 syntax). */
export function dpopChallenge(error: OAuth2ErrorCode | undefined, description?: string, allowedAlgs?: readonly string[]): string {
  const params: string[] = [];
  if (error !== undefined) params.push(`error="${error}"`);
  if (description !== undefined) params.push(`error_description="${sanitizeErrorDescription(description)}"`);
  if (allowedAlgs && allowedAlgs.length > 0) params.push(`algs="${allowedAlgs.join(' ')}"`);
  return params.length === 0 ? 'DPoP' : `DPoP ${params.join(', ')}`;
}

/**
 * The `OAuth2Error` for a failed `verifyDpopProof` (or any DPoP failure): at the token and PAR endpoints
 * `400 {error: invalid_dpop_proof | use_dpop_nonce}` (RFC 9449 §5, §8); at resource endpoints `401` with
 * `WWW-Authenticate: DPoP error="..."` (RFC 9449 §7.1, §9). `DPoP-Nonce` carries `options.nonce`. The headers
 * are returned in `error.headers` for the transport to send; nothing is set here.
 */
export function dpopErrorFor(
  failure: { error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string },
  endpoint: DpopEndpointKind,
  options: DpopErrorOptions = {},
): OAuth2Error {
  if (failure.error === 'use_dpop_nonce' && options.nonce === undefined) throw new TypeError('use_dpop_nonce needs a fresh nonce');
  const headers: Record<string, string> = {};
  if (options.nonce !== undefined) headers['DPoP-Nonce'] = options.nonce;
  if (endpoint === 'token') return new OAuth2Error(failure.error, failure.description, { status: 400, headers });
  headers['WWW-Authenticate'] = dpopChallenge(failure.error, failure.description, options.allowedAlgs);
  return new OAuth2Error(failure.error, failure.description, { status: 401, headers });
}
