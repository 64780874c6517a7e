import { isPlainObject } from '../encoding/base64url';
import { sanitizeErrorDescription } from '../errors/oauth2.error';

/** What a resource server expects of an access token issued by an authorization server it trusts. */
export interface AccessTokenExpectations {
  /** The authorization server's issuer identifier; `iss` must equal it as a string (RFC 9068 §4, RFC 8414 §3.3). */
  issuer: string;
  /** This resource server's identifier; `aud` (string or array) must contain it (RFC 9068 §4, RFC 8707). */
  audience: string;
  nowSeconds: number;
  /** Tolerated clock difference for `iat` and `nbf` in the future. Default 60 s. `exp` is strict (RFC 9068 §4). */
  clockSkewSeconds?: number;
  /**
   * An expired token still verifies, with `expired: true`: for callers that decide on expiry themselves (a deferred
   * transaction keeps a token usable past its `exp`). Every other check stays.
   */
  acceptExpired?: boolean;
}

/** A token that passed: its claims, the DPoP key it is bound to, its expiry. */
export interface VerifiedAccessToken {
  verified: true;
  claims: Record<string, unknown>;
  /** `exp` in seconds; undefined only for an introspection answer without `exp`. */
  expiresAt?: number;
  expired: boolean;
  /** RFC 9449 §6: `cnf.jkt`, the thumbprint of the key every presentation must prove. */
  jkt?: string;
}

export interface RefusedAccessToken {
  verified: false;
  error: 'invalid_token';
  description: string;
}

export type AccessTokenVerification = VerifiedAccessToken | RefusedAccessToken;

export const refuseToken = (description: string): RefusedAccessToken => ({
  verified: false,
  error: 'invalid_token',
  description: sanitizeErrorDescription(description),
});

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The claim checks shared by RFC 9068 JWT access tokens and RFC 7662 introspection answers: `iss` equal to the
 * trusted issuer, `aud` naming this resource server, `exp`/`nbf`/`iat` against the clock, and the sender constraint.
 * `required` makes `iss`, `aud`, `exp` and `iat` mandatory (RFC 9068 §2.2); an introspection answer is checked for
 * those it carries (RFC 7662 §2.2 makes them optional). Security: a `cnf` without `jkt` (e.g. an mTLS binding,
 * RFC 8705) is refused, since this resource server cannot check it and the token would become a bearer token.
 */
export function checkAccessTokenClaims(
  claims: Record<string, unknown>,
  expectations: AccessTokenExpectations,
  required: boolean,
): AccessTokenVerification {
  const skew = expectations.clockSkewSeconds ?? 60;
  const now = expectations.nowSeconds;
  const { iss, aud, exp, iat, nbf, cnf } = claims;
  if (iss !== undefined || required) {
    if (iss !== expectations.issuer) return refuseToken(`the access token was not issued by ${expectations.issuer}`);
  }
  if (aud !== undefined || required) {
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (!audiences.includes(expectations.audience)) return refuseToken(`the access token is not meant for ${expectations.audience} (aud)`);
  }
  if (exp !== undefined && !isTime(exp)) return refuseToken('the access token exp is not a number');
  if (exp === undefined && required) return refuseToken('the access token has no exp');
  if (iat !== undefined && !isTime(iat)) return refuseToken('the access token iat is not a number');
  if (iat === undefined && required) return refuseToken('the access token has no iat');
  if (isTime(iat) && iat - now > skew) return refuseToken('the access token iat is in the future');
  if (nbf !== undefined && (!isTime(nbf) || nbf - now > skew)) return refuseToken('the access token is not valid yet (nbf)');
  const expired = isTime(exp) && now >= exp;
  if (expired && !expectations.acceptExpired) return refuseToken('the access token has expired');
  let jkt: string | undefined;
  if (cnf !== undefined) {
    const bound = isPlainObject(cnf) ? cnf['jkt'] : undefined;
    if (typeof bound !== 'string' || bound.length === 0)
      return refuseToken('the access token is bound by a confirmation method this resource server cannot check (cnf without jkt)');
    jkt = bound;
  }
  return { verified: true, claims, ...(isTime(exp) ? { expiresAt: exp } : {}), expired, ...(jkt ? { jkt } : {}) };
}
